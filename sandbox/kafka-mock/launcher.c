/*
 * Flowscope's local Kafka: librdkafka's mock cluster on real TCP ports.
 *
 * Usage: kafka-mock [--brokers N] [topic:partitions[:replication] ...]
 *
 * Prints one line "BOOTSTRAP host:port,host:port,..." on stdout once the cluster is up, then
 * reads control commands from stdin, one per line, and answers each with one line,
 * "OK" or "ERR <reason>":
 *
 *   broker-down <id|-1>                   disconnect a broker and refuse new connections
 *   broker-up <id|-1>                     accept connections again
 *   rtt <id|-1> <ms>                      add a round-trip delay to a broker's responses
 *   request-errors <apikey> <errcode> [count]
 *                                         the next <count> (default 1) requests of ApiKey
 *                                         fail with errcode (-195 = disconnect)
 *   clear-errors <apikey>                 drop pending request errors for an ApiKey
 *   topic-create <name> <partitions> <rf> create a topic (the mock has no CreateTopics API)
 *   ping                                  answers OK
 *
 * Exits cleanly (status 0) on EOF on stdin, on SIGTERM/SIGINT, or on "quit".
 * Build: gcc launcher.c -lrdkafka -o kafka-mock
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static int parse_int(const char *s, long *out) {
        char *end;
        if (!s || !*s)
                return -1;
        errno = 0;
        *out  = strtol(s, &end, 10);
        if (errno || *end)
                return -1;
        return 0;
}

static void reply_err(rd_kafka_resp_err_t err) {
        if (err)
                printf("ERR %s\n", rd_kafka_err2str(err));
        else
                printf("OK\n");
}

static int create_topic(rd_kafka_mock_cluster_t *mc, const char *name,
                        long partitions, long rf) {
        rd_kafka_resp_err_t err;
        if (partitions < 1 || rf < 1) {
                printf("ERR partitions and replication must be >= 1\n");
                return -1;
        }
        err = rd_kafka_mock_topic_create(mc, name, (int)partitions, (int)rf);
        if (err) {
                printf("ERR %s\n", rd_kafka_err2str(err));
                return -1;
        }
        return 0;
}

/* Handles one command line; writes exactly one reply line. Returns 1 to quit. */
static int handle(rd_kafka_mock_cluster_t *mc, char *line) {
        char *argv[8];
        int argc = 0;
        char *tok, *save = NULL;
        long a, b, c;

        for (tok = strtok_r(line, " \t\r\n", &save); tok && argc < 8;
             tok = strtok_r(NULL, " \t\r\n", &save))
                argv[argc++] = tok;
        if (argc == 0) {
                printf("ERR empty command\n");
                return 0;
        }

        if (!strcmp(argv[0], "ping")) {
                printf("OK\n");
        } else if (!strcmp(argv[0], "quit")) {
                printf("OK\n");
                return 1;
        } else if (!strcmp(argv[0], "broker-down") ||
                   !strcmp(argv[0], "broker-up")) {
                if (argc != 2 || parse_int(argv[1], &a)) {
                        printf("ERR usage: %s <broker-id|-1>\n", argv[0]);
                        return 0;
                }
                reply_err(!strcmp(argv[0], "broker-down")
                              ? rd_kafka_mock_broker_set_down(mc, (int32_t)a)
                              : rd_kafka_mock_broker_set_up(mc, (int32_t)a));
        } else if (!strcmp(argv[0], "rtt")) {
                if (argc != 3 || parse_int(argv[1], &a) ||
                    parse_int(argv[2], &b) || b < 0) {
                        printf("ERR usage: rtt <broker-id|-1> <ms>\n");
                        return 0;
                }
                reply_err(
                    rd_kafka_mock_broker_set_rtt(mc, (int32_t)a, (int)b));
        } else if (!strcmp(argv[0], "request-errors")) {
                rd_kafka_resp_err_t *errs;
                long i;
                c = 1;
                if (argc < 3 || argc > 4 || parse_int(argv[1], &a) ||
                    parse_int(argv[2], &b) ||
                    (argc == 4 && parse_int(argv[3], &c)) || c < 1 ||
                    c > 10000 || a < 0 || a > 32767) {
                        printf("ERR usage: request-errors <apikey> <errcode> "
                               "[count]\n");
                        return 0;
                }
                errs = calloc((size_t)c, sizeof(*errs));
                if (!errs) {
                        printf("ERR out of memory\n");
                        return 0;
                }
                for (i = 0; i < c; i++)
                        errs[i] = (rd_kafka_resp_err_t)b;
                rd_kafka_mock_push_request_errors_array(mc, (int16_t)a,
                                                        (size_t)c, errs);
                free(errs);
                printf("OK\n");
        } else if (!strcmp(argv[0], "clear-errors")) {
                if (argc != 2 || parse_int(argv[1], &a) || a < 0 ||
                    a > 32767) {
                        printf("ERR usage: clear-errors <apikey>\n");
                        return 0;
                }
                rd_kafka_mock_clear_request_errors(mc, (int16_t)a);
                printf("OK\n");
        } else if (!strcmp(argv[0], "topic-create")) {
                if (argc != 4 || parse_int(argv[2], &a) ||
                    parse_int(argv[3], &b)) {
                        printf("ERR usage: topic-create <name> <partitions> "
                               "<replication>\n");
                        return 0;
                }
                if (create_topic(mc, argv[1], a, b) == 0)
                        printf("OK\n");
        } else {
                printf("ERR unknown command: %s\n", argv[0]);
        }
        return 0;
}

int main(int argc, char **argv) {
        char errstr[512];
        char line[1024];
        rd_kafka_conf_t *conf;
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mc;
        long brokers = 3;
        int i, quit = 0;
        size_t used = 0;
        struct sigaction sa;

        setvbuf(stdout, NULL, _IOLBF, 0);
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);

        conf = rd_kafka_conf_new();
        /* The handle only hosts the mock cluster; keep it quiet. */
        if (rd_kafka_conf_set(conf, "log_level", "2", errstr,
                              sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "kafka-mock: %s\n", errstr);
                return 1;
        }
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "kafka-mock: rd_kafka_new: %s\n", errstr);
                return 1;
        }

        for (i = 1; i < argc; i++) {
                if (!strcmp(argv[i], "--brokers") && i + 1 < argc) {
                        if (parse_int(argv[++i], &brokers) || brokers < 1 ||
                            brokers > 64) {
                                fprintf(stderr,
                                        "kafka-mock: bad --brokers value\n");
                                return 2;
                        }
                }
        }

        mc = rd_kafka_mock_cluster_new(rk, (int)brokers);
        if (!mc) {
                fprintf(stderr, "kafka-mock: could not create mock cluster\n");
                rd_kafka_destroy(rk);
                return 1;
        }

        for (i = 1; i < argc; i++) {
                char spec[512], *name, *p, *r;
                long partitions = 1, rf = 1;
                if (!strcmp(argv[i], "--brokers")) {
                        i++;
                        continue;
                }
                snprintf(spec, sizeof(spec), "%s", argv[i]);
                name = spec;
                p    = strchr(spec, ':');
                if (p) {
                        *p++ = '\0';
                        r    = strchr(p, ':');
                        if (r)
                                *r++ = '\0';
                        if (parse_int(p, &partitions) ||
                            (r && parse_int(r, &rf))) {
                                fprintf(stderr,
                                        "kafka-mock: bad topic spec '%s' "
                                        "(name:partitions[:replication])\n",
                                        argv[i]);
                                rd_kafka_mock_cluster_destroy(mc);
                                rd_kafka_destroy(rk);
                                return 2;
                        }
                }
                if (rf > brokers)
                        rf = brokers;
                if (create_topic(mc, name, partitions, rf)) {
                        fflush(stdout);
                        fprintf(stderr, "kafka-mock: could not create topic "
                                        "'%s'\n",
                                argv[i]);
                        rd_kafka_mock_cluster_destroy(mc);
                        rd_kafka_destroy(rk);
                        return 1;
                }
        }

        printf("BOOTSTRAP %s\n", rd_kafka_mock_cluster_bootstraps(mc));

        /* Own line buffer over read(): stdio buffering would hide lines from poll(). */
        while (!stop_requested && !quit) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                char *nl;
                ssize_t n;
                int r = poll(&pfd, 1, 500);
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                if (r == 0)
                        continue;
                if (used >= sizeof(line) - 1) {
                        printf("ERR line too long\n");
                        used = 0;
                }
                n = read(STDIN_FILENO, line + used, sizeof(line) - 1 - used);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0)
                        break; /* EOF or error */
                used += (size_t)n;
                line[used] = '\0';
                while (!quit && (nl = memchr(line, '\n', used))) {
                        size_t len = (size_t)(nl - line) + 1;
                        *nl        = '\0';
                        quit       = handle(mc, line);
                        memmove(line, line + len, used - len);
                        used -= len;
                        line[used] = '\0';
                }
        }

        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 0;
}
