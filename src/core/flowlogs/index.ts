export * from './analyze';
export * from './aws';
export * from './fields';
export * from './reader';
export * from './record';
export * from './s3layout';
export * from './summarize';
export * from './timerange';
