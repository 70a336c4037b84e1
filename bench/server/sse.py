"""A small SSE client for POST /v1beta2/queries (rest-api-v1beta2.md §3): data events are JSON
arrays of rows; `event: query` / `event: metrics` are skipped. Only the standard library."""
import json


class Stream:
    def __init__(self, conn, path, sql, batching=None):
        body = {'sql': sql} if sql is not None else None
        if body is not None and batching:
            body['batching_policy'] = batching
        if body is None:  # a plain GET (the Node peer server)
            conn.request('GET', path)
        else:
            conn.request('POST', path, json.dumps(body), {'Content-Type': 'application/json', 'Accept': 'text/event-stream'})
        self.conn, self.resp = conn, conn.getresponse()
        if self.resp.status not in (200, 204):
            raise RuntimeError(f'{sql}: HTTP {self.resp.status}: {self.resp.read()[:300]!r}')

    def events(self):
        """Yields (event, data) pairs as they arrive."""
        buf = b''
        while True:
            chunk = self.resp.read1(1 << 16)
            if not chunk:
                return
            buf += chunk
            while b'\n\n' in buf:
                raw, buf = buf.split(b'\n\n', 1)
                event, data = 'message', []
                for line in raw.split(b'\n'):
                    if line.startswith(b'event:'):
                        event = line[6:].strip().decode()
                    elif line.startswith(b'data:'):
                        data.append(line[5:].lstrip())
                yield event, b'\n'.join(data)

    def batches(self):
        for event, data in self.events():
            if event == 'message' and data:
                yield json.loads(data)

    def count_rows(self):
        """Rows delivered without decoding them (B5 measures the server, not json.loads): each data
        event is [[...],[...]]; rows = '],[' separators + 1. Row values here hold no brackets."""
        rows, buf = 0, b''
        while True:
            chunk = self.resp.read1(1 << 20)
            if not chunk:
                break
            buf += chunk
            events = buf.split(b'\n\n')
            buf = events.pop()
            for ev in events:
                if ev.startswith(b'data:') and b'[[' in ev[:12]:
                    rows += ev.count(b'],[') + 1
                elif ev.startswith(b'data: {') and b'"k"' in ev:  # the Node peer: one object per event
                    rows += 1
        return rows

    def close(self):
        self.conn.close()


def query_rows(conn, path, sql):
    """Runs a bounded query (or DDL: 204, no rows) and returns all rows."""
    s = Stream(conn, path, sql)
    if s.resp.status == 204:
        s.resp.read(); conn.close()
        return []
    rows = [r for batch in s.batches() for r in batch]
    s.close()
    return rows
