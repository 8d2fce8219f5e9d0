/*
 * liburing 2.4 additions on top of Debian's liburing 2.3: mediasoup 3.19 calls
 * io_uring_prep_sendto and the version functions, which 2.3 lacks. 2.4 defines
 * IO_URING_VERSION_MAJOR; when it is missing we add the three, and io_uring stays enabled.
 */
#ifndef HOINGHI_LIBURING_COMPAT_H
#define HOINGHI_LIBURING_COMPAT_H

#include_next <liburing.h>

#ifndef IO_URING_VERSION_MAJOR
#define IO_URING_VERSION_MAJOR 2
#define IO_URING_VERSION_MINOR 3

static inline void io_uring_prep_sendto(
  struct io_uring_sqe* sqe,
  int sockfd,
  const void* buf,
  size_t len,
  int flags,
  const struct sockaddr* addr,
  socklen_t addrlen)
{
	io_uring_prep_send(sqe, sockfd, buf, len, flags);
	io_uring_prep_send_set_addr(sqe, addr, addrlen);
}

static inline int io_uring_major_version(void)
{
	return IO_URING_VERSION_MAJOR;
}

static inline int io_uring_minor_version(void)
{
	return IO_URING_VERSION_MINOR;
}
#endif

#endif /* HOINGHI_LIBURING_COMPAT_H */
