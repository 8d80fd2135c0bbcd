"""A local SMTP sink for the reminders' tests (Debian's python3-aiosmtpd): listens on loopback on a free port,
prints the port on its first line, writes each message it accepts to OUT_DIR/NNN.eml (envelope sender and
recipients first, as X-Envelope-* lines) and stops by itself after LIFETIME seconds (default 120) if nobody has
stopped it by its PID. Usage: smtp_sink.py OUT_DIR [LIFETIME]"""
import asyncio
import os
import socket
import sys

from aiosmtpd.smtp import SMTP

out_dir = sys.argv[1]
lifetime = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        name = os.path.join(out_dir, "%03d.eml" % Handler.count)
        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n" % (envelope.mail_from, ",".join(envelope.rcpt_tos))
        with open(name + ".part", "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(name + ".part", name)
        return "250 OK"


async def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Handler()), sock=sock)
    print(sock.getsockname()[1], flush=True)
    await asyncio.sleep(lifetime)
    server.close()


asyncio.run(main())
