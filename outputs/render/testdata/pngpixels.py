#!/usr/bin/env python3
"""Decode PNG files with nothing but zlib and print, per file, its width,
height and the SHA-256 of its pixels as 8-bit RGBA rows.

An independent reader for fabkit's PNG tests: it does not share code with
Go's image/png. It checks the signature, every chunk's CRC, the IHDR
fields, and undoes all five filter types; colour types 0, 2, 3, 4 and 6 at
8 bits, and 3 (palette) at 1, 2, 4 and 8 bits, without interlacing.
"""
import hashlib
import struct
import sys
import zlib


def decode(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG signature")
    pos, chunks = 8, []
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError("bad CRC in chunk %r" % kind)
        chunks.append((kind, body))
        pos += 12 + n
        if kind == b"IEND":
            break
    if chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ValueError("IHDR not first or IEND not last")
    w, h, depth, ctype, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if comp != 0 or filt != 0 or interlace != 0:
        raise ValueError("unsupported compression, filter or interlace method")
    palette = b"".join(b for k, b in chunks if k == b"PLTE")
    trns = b"".join(b for k, b in chunks if k == b"tRNS")
    raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    if ctype != 3 and depth != 8:
        raise ValueError("unsupported bit depth %d for colour type %d" % (depth, ctype))
    bits = channels * depth
    stride = (w * bits + 7) // 8
    bpp = max(1, bits // 8)
    if len(raw) != h * (stride + 1):
        raise ValueError("image data is %d bytes, want %d" % (len(raw), h * (stride + 1)))
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 0:
                pred = 0
            elif ftype == 1:
                pred = a
            elif ftype == 2:
                pred = b
            elif ftype == 3:
                pred = (a + b) // 2
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            else:
                raise ValueError("filter type %d" % ftype)
            line[i] = (line[i] + pred) & 0xFF
        for x in range(w):
            if ctype == 3:
                per = 8 // depth
                byte = line[x // per]
                shift = 8 - depth * (x % per + 1)
                idx = (byte >> shift) & ((1 << depth) - 1)
                if 3 * idx + 3 > len(palette):
                    raise ValueError("palette index %d out of range" % idx)
                alpha = trns[idx] if idx < len(trns) else 255
                out += palette[3 * idx:3 * idx + 3] + bytes([alpha])
            elif ctype == 0:
                out += bytes([line[x]] * 3 + [255])
            elif ctype == 2:
                out += line[3 * x:3 * x + 3] + b"\xff"
            elif ctype == 4:
                out += bytes([line[2 * x]] * 3 + [line[2 * x + 1]])
            else:
                out += line[4 * x:4 * x + 4]
        prev = line
    return w, h, out


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        w, h, pix = decode(f.read())
    print(w, h, hashlib.sha256(pix).hexdigest())
