"""Writes the 16-bit PNG fixtures used by ImageFileTests (run once with /usr/bin/python3; standard library only).

Each file is 7x5 pixels, bit depth 16, non-interlaced, colour types 0 (gray), 4 (gray+alpha), 2 (RGB) and 6 (RGBA).
Sample (x, y, channel c) = (x*9001 + y*4099 + c*12345 + 77) % 65536, written big-endian. Row y uses PNG filter type
y % 5 (None, Sub, Up, Average, Paeth), so a decoder must undo all five filters.
"""
import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT = 7, 5


def sample(x, y, c):
    return (x * 9001 + y * 4099 + c * 12345 + 77) % 65536


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def encode_rows(channels):
    bpp = 2 * channels
    rows = [b"".join(struct.pack(">H", sample(x, y, c)) for x in range(WIDTH) for c in range(channels)) for y in range(HEIGHT)]
    out = bytearray()
    previous = bytes(len(rows[0]))
    for y, row in enumerate(rows):
        kind = y % 5
        out.append(kind)
        for i, value in enumerate(row):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            upper_left = previous[i - bpp] if i >= bpp else 0
            predictor = [0, left, up, (left + up) // 2, paeth(left, up, upper_left)][kind]
            out.append((value - predictor) % 256)
        previous = row
    return bytes(out)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def write(path, colour_type, channels):
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 16, colour_type, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(encode_rows(channels))) + chunk(b"IEND", b"")
    path.write_bytes(png)


here = Path(__file__).parent
write(here / "gray16.png", 0, 1)
write(here / "gray_alpha16.png", 4, 2)
write(here / "rgb16.png", 2, 3)
write(here / "rgba16.png", 6, 4)
