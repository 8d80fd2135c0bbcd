#!/usr/bin/python3
"""Rewrites a zip's central directory so that every entry's sizes and offset are 0xFFFFFFFF with the real values
in a zip64 extra field (id 1), as the ZIP specification allows for any entry."""
import struct, sys

data = open(sys.argv[1], "rb").read()
eocd = data.rindex(b"PK\x05\x06")
count, cd_size, cd_offset = struct.unpack("<HII", data[eocd + 10:eocd + 20])
cd, p, out = data[cd_offset:cd_offset + cd_size], 0, b""
for _ in range(count):
    fixed = bytearray(cd[p:p + 46])
    name_len, extra_len, comment_len = struct.unpack("<HHH", fixed[28:34])
    comp, size = struct.unpack("<II", fixed[20:28])
    offset = struct.unpack("<I", fixed[42:46])[0]
    name = cd[p + 46:p + 46 + name_len]
    extra = cd[p + 46 + name_len:p + 46 + name_len + extra_len]
    comment = cd[p + 46 + name_len + extra_len:p + 46 + name_len + extra_len + comment_len]
    z64 = struct.pack("<HHQQQ", 1, 24, size, comp, offset)
    fixed[20:28] = struct.pack("<II", 0xFFFFFFFF, 0xFFFFFFFF)
    fixed[42:46] = struct.pack("<I", 0xFFFFFFFF)
    fixed[30:32] = struct.pack("<H", extra_len + len(z64))
    out += bytes(fixed) + name + extra + z64 + comment
    p += 46 + name_len + extra_len + comment_len
end = bytearray(data[eocd:])
end[12:16] = struct.pack("<I", len(out))
open(sys.argv[2], "wb").write(data[:cd_offset] + out + bytes(end))
