/* <srtp2/srtp.h> for the OpenSSL build: the header of the libsrtp source built beside this
 * stand-in (subprojects/libsrtp2-openssl), not Debian's /usr/include/srtp2/srtp.h. */
#include "../../../libsrtp2-openssl/include/srtp.h"
