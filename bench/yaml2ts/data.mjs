// Deterministic benchmark input: Kubernetes-like multi-document YAML (Deployments, Services, ConfigMaps)
// with nested lists of mappings, about 2 MB. The same documents are written as JSON lines for quicktype.

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (s) => JSON.stringify(s);

/** Returns { yaml, jsonLines, documents, bytes } for about `targetBytes` of YAML. */
export function generateData(targetBytes = 2_000_000, seed = 42) {
  const r = prng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const docs = [];
  const texts = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    const kind = i % 5 < 3 ? 'Deployment' : i % 5 === 3 ? 'Service' : 'ConfigMap';
    const name = `svc-${i}`;
    const labels = { app: name, tier: pick(['web', 'api', 'worker']), team: pick(['core', 'billing', 'search']) };
    let doc;
    if (kind === 'Deployment') {
      const containers = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, c) => {
        const ctr = {
          name: `${name}-c${c}`,
          image: `registry.example.com/${name}:${1 + Math.floor(r() * 9)}.${Math.floor(r() * 20)}.${Math.floor(r() * 50)}`,
          imagePullPolicy: pick(['Always', 'IfNotPresent']),
          ports: Array.from({ length: 1 + Math.floor(r() * 2) }, (_, p) => ({ name: `p${p}`, containerPort: 8000 + Math.floor(r() * 1000), protocol: 'TCP' })),
          env: Array.from({ length: 4 + Math.floor(r() * 10) }, (_, e) =>
            r() < 0.75
              ? { name: `VAR_${e}`, value: `value-${Math.floor(r() * 1e6)}` }
              : { name: `SECRET_${e}`, valueFrom: { secretKeyRef: { name: `${name}-secret`, key: `k${e}` } } },
          ),
          resources: { limits: { cpu: `${100 * (1 + Math.floor(r() * 10))}m`, memory: `${64 * (1 + Math.floor(r() * 16))}Mi` }, requests: { cpu: '50m', memory: '32Mi' } },
          volumeMounts: Array.from({ length: Math.floor(r() * 3) }, (_, v) => ({ name: `vol-${v}`, mountPath: `/data/${v}`, readOnly: r() < 0.5 })),
        };
        if (r() < 0.5) ctr.livenessProbe = { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5, periodSeconds: 10 };
        return ctr;
      });
      doc = {
        apiVersion: 'apps/v1',
        kind,
        metadata: { name, namespace: pick(['default', 'prod', 'staging']), labels },
        spec: {
          replicas: 1 + Math.floor(r() * 5),
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels }, spec: { containers, volumes: containers[0].volumeMounts.map((m) => ({ name: m.name, emptyDir: {} })) } },
        },
      };
    } else if (kind === 'Service') {
      doc = {
        apiVersion: 'v1',
        kind,
        metadata: { name, labels },
        spec: { type: pick(['ClusterIP', 'NodePort']), selector: { app: name }, ports: Array.from({ length: 1 + Math.floor(r() * 3) }, (_, p) => ({ name: `p${p}`, port: 80 + p, targetPort: 8000 + p })) },
      };
    } else {
      doc = {
        apiVersion: 'v1',
        kind,
        metadata: { name: `${name}-config`, labels },
        data: Object.fromEntries(Array.from({ length: 3 + Math.floor(r() * 8) }, (_, d) => [`key.${d}.conf`, `setting-${Math.floor(r() * 1e6)}`])),
      };
    }
    const text = toYaml(doc, '');
    docs.push(doc);
    texts.push(text);
    bytes += text.length + 4;
  }
  const yaml = texts.join('---\n');
  return { yaml, jsonLines: docs.map((d) => JSON.stringify(d)).join('\n') + '\n', documents: docs.length, bytes: Buffer.byteLength(yaml) };
}

/** Block-style YAML writer (the yaml package's stringify is slow enough to dominate data generation). */
function toYaml(v, indent) {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]\n';
    return v.map((x) => `${indent}- ${isCollection(x) ? toYaml(x, indent + '  ').trimStart() : scalar(x) + '\n'}`).join('');
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}\n';
  return entries
    .map(([k, x]) => {
      const key = /^[A-Za-z_][\w.-]*$/.test(k) ? k : q(k);
      if (isCollection(x) && !isEmpty(x)) return `${indent}${key}:\n${toYaml(x, indent + '  ')}`;
      return `${indent}${key}: ${isCollection(x) ? toYaml(x, '') : scalar(x) + '\n'}`;
    })
    .join('');
}
const isCollection = (x) => x !== null && typeof x === 'object';
const isEmpty = (x) => (Array.isArray(x) ? x.length === 0 : Object.keys(x).length === 0);
function scalar(x) {
  if (typeof x === 'string') return /^[A-Za-z][\w./-]*$/.test(x) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(x) ? x : q(x);
  return String(x);
}
