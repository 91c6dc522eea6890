#include <zlib.h>

/// inflateInit2 is a macro; this wrapper makes it callable from Swift. 15 + 32 = zlib or gzip header, auto-detected.
static inline int imagecost_inflate_init_auto(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
