// Lists the TCP sockets of this process's network namespace through NETLINK_SOCK_DIAG (what `ss` uses), for
// the sampler. Why: /proc/net/tcp is generated as text by the kernel at ~1 µs per socket, so a tick over
// 60,000 sockets cost ~100 ms before any parsing; a sock_diag dump hands over binary records for a fraction.
//
// JS API: dumpTcp() -> ArrayBuffer of 2 uint32 per socket, in host byte order:
//   [0] state code (as /proc/net/tcp prints it: 1 ESTABLISHED … 11 CLOSING; request sockets as 3 SYN_RECV)
//       | local port << 8
//   [1] the local address's last 32 bits (the IPv4 address, also of an IPv4-mapped IPv6 socket)
// A socket listed twice in one dump (the kernel resumes a dump by position, so sockets that come and go
// between two reads can shift one in again) is listed once: records are told apart by their cookie.
//
// Node-API is an ABI-stable C interface, so the few functions used are declared here and the addon builds
// with a C compiler alone (no Node headers needed); Node resolves them when it loads the .node file.

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status; // napi_ok is 0
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);

extern napi_status napi_create_function(napi_env env, const char *name, size_t length, napi_callback cb,
                                        void *data, napi_value *result);
extern napi_status napi_set_named_property(napi_env env, napi_value object, const char *name, napi_value value);
extern napi_status napi_create_arraybuffer(napi_env env, size_t byte_length, void **data, napi_value *result);
extern napi_status napi_throw_error(napi_env env, const char *code, const char *msg);

#define TCP_SYN_RECV_CODE 3
#define TCP_NEW_SYN_RECV_CODE 12
#define RECV_BYTES (64 * 1024)

struct records {
  uint32_t *words; // 2 per socket
  size_t count;
  size_t capacity;
  uint64_t *cookies; // open addressing, 0 = empty slot
  size_t cookie_slots; // a power of two, kept over twice the count
};

static int grow(struct records *out) {
  if (out->count < out->capacity) return 0;
  size_t capacity = out->capacity ? out->capacity * 2 : 4096;
  uint32_t *words = realloc(out->words, capacity * 2 * sizeof(uint32_t));
  if (!words) return -ENOMEM;
  out->words = words;
  out->capacity = capacity;
  if (capacity * 2 <= out->cookie_slots) return 0;
  // Rehash into a table twice the capacity.
  size_t slots = capacity * 2;
  uint64_t *cookies = calloc(slots, sizeof(uint64_t));
  if (!cookies) return -ENOMEM;
  for (size_t i = 0; i < out->cookie_slots; i++) {
    uint64_t cookie = out->cookies[i];
    if (!cookie) continue;
    size_t slot = (size_t)(cookie * 0x9E3779B97F4A7C15ull) & (slots - 1);
    while (cookies[slot]) slot = (slot + 1) & (slots - 1);
    cookies[slot] = cookie;
  }
  free(out->cookies);
  out->cookies = cookies;
  out->cookie_slots = slots;
  return 0;
}

// 1 when the cookie is new (and now remembered), 0 when this socket was already listed.
static int remember(struct records *out, uint64_t cookie) {
  if (!cookie) return 1; // no cookie to tell it apart: keep it
  size_t mask = out->cookie_slots - 1;
  size_t slot = (size_t)(cookie * 0x9E3779B97F4A7C15ull) & mask;
  while (out->cookies[slot]) {
    if (out->cookies[slot] == cookie) return 0;
    slot = (slot + 1) & mask;
  }
  out->cookies[slot] = cookie;
  return 1;
}

static int add(struct records *out, const struct inet_diag_msg *msg) {
  int error = grow(out);
  if (error) return error;
  uint64_t cookie = (uint64_t)msg->id.idiag_cookie[0] | ((uint64_t)msg->id.idiag_cookie[1] << 32);
  if (!remember(out, cookie)) return 0;
  uint32_t state = msg->idiag_state == TCP_NEW_SYN_RECV_CODE ? TCP_SYN_RECV_CODE : msg->idiag_state;
  uint32_t address = msg->idiag_family == AF_INET6 ? msg->id.idiag_src[3] : msg->id.idiag_src[0];
  out->words[out->count * 2] = state | ((uint32_t)ntohs(msg->id.idiag_sport) << 8);
  out->words[out->count * 2 + 1] = address;
  out->count++;
  return 0;
}

// One dump of both address families, every state; returns 0 or a negative errno. The older TCPDIAG_GETSOCK
// request is used on purpose: the kernel serves it as family AF_UNSPEC, so one walk of the socket hash lists
// IPv4 and IPv6 sockets together (SOCK_DIAG_BY_FAMILY walks the whole hash once per family).
static int dump_sockets(int fd, struct records *out, char *buffer) {
  struct {
    struct nlmsghdr header;
    struct inet_diag_req request;
  } message;
  memset(&message, 0, sizeof(message));
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = TCPDIAG_GETSOCK;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.idiag_family = AF_INET;
  message.request.idiag_states = ~0u;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(fd, &message, sizeof(message), 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) return -errno;
  for (;;) {
    ssize_t length = recv(fd, buffer, RECV_BYTES, 0);
    if (length < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (length == 0) return -EPIPE;
    for (struct nlmsghdr *header = (struct nlmsghdr *)buffer; NLMSG_OK(header, (size_t)length);
         header = NLMSG_NEXT(header, length)) {
      if (header->nlmsg_type == NLMSG_DONE) return 0;
      if (header->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *failure = NLMSG_DATA(header);
        return failure->error ? failure->error : -EPROTO;
      }
      if (header->nlmsg_type != TCPDIAG_GETSOCK) continue;
      int error = add(out, NLMSG_DATA(header));
      if (error) return error;
    }
  }
}

// Kept from one call to the next (the sampler calls once a second from its one thread): a tick then writes
// into memory it already has instead of faulting in fresh pages for every socket.
static struct records kept;
static char receive_buffer[RECV_BYTES];

static napi_value dump_tcp(napi_env env, napi_callback_info info) {
  (void)info;
  struct records out = kept;
  out.count = 0;
  if (out.cookies) memset(out.cookies, 0, out.cookie_slots * sizeof(uint64_t));
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  int error = fd < 0 ? -errno : grow(&out);
  if (!error) error = dump_sockets(fd, &out, receive_buffer);
  if (fd >= 0) close(fd);
  kept = out;
  napi_value result = NULL;
  if (error) {
    char message[96];
    strcpy(message, "sock_diag dump failed: ");
    strncat(message, strerror(-error), sizeof(message) - strlen(message) - 1);
    napi_throw_error(env, "ESOCKDIAG", message);
  } else {
    void *data = NULL;
    size_t bytes = out.count * 2 * sizeof(uint32_t);
    if (napi_create_arraybuffer(env, bytes, &data, &result) == 0) {
      if (bytes) memcpy(data, out.words, bytes);
    } else {
      result = NULL;
    }
  }
  return result;
}

__attribute__((visibility("default"))) napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  napi_value function;
  if (napi_create_function(env, "dumpTcp", 7, dump_tcp, NULL, &function) == 0)
    napi_set_named_property(env, exports, "dumpTcp", function);
  return exports;
}
