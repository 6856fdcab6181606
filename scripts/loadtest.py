#!/usr/bin/env python3
"""Bounded loopback load test for Kiaraoke.AlignApi: p50/p95 latency and errors for a cached GET and for POST /align
at several concurrency levels. Refuses any host but 127.0.0.1/localhost. Standard library only."""
import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import uuid


def multipart(fields, file_field, file_name, file_bytes):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + file_bytes + b'\r\n')
    parts.append(f'--{boundary}--\r\n'.encode())
    return b''.join(parts), f'multipart/form-data; boundary={boundary}'


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=600)
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    except OSError as error:
        return f'{type(error).__name__}', time.perf_counter() - start
    finally:
        conn.close()


def run_level(concurrency, total, deadline_s, make_request):
    latencies, errors, lock = [], {}, threading.Lock()
    counter = iter(range(total))
    stop_at = time.monotonic() + deadline_s

    def worker():
        while time.monotonic() < stop_at:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            status, seconds = make_request(index)
            with lock:
                if status == 200:
                    latencies.append(seconds)
                else:
                    errors[str(status)] = errors.get(str(status), 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


def percentile(values, p):
    if not values:
        return float('nan')
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port', type=int, default=5181)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--audio', default='samples/demo/audio.mp3')
    parser.add_argument('--lyrics', default='samples/demo/lyrics.txt')
    parser.add_argument('--levels', default='1,4,16')
    parser.add_argument('--get-requests', type=int, default=2000, help='GETs per level')
    parser.add_argument('--align-requests', type=int, default=0, help='aligns per level (0 = 2 x concurrency, at least 8)')
    parser.add_argument('--deadline', type=float, default=120, help='seconds per level at most')
    parser.add_argument('--api-key', default='')
    parser.add_argument('--get-only', action='store_true', help='measure the cached GET only (no /align levels)')
    args = parser.parse_args()
    if args.host not in ('127.0.0.1', 'localhost'):
        sys.exit('loopback only: --host must be 127.0.0.1 or localhost')

    audio = open(args.audio, 'rb').read()
    lyrics = open(args.lyrics, encoding='utf-8').read()
    headers = {'X-API-Key': args.api_key} if args.api_key else {}
    run_id = uuid.uuid4().hex[:8]

    def align(index, track=None):
        body, content_type = multipart(
            {'spotify_track_id': track or f'load{run_id}x{index}', 'lyrics_text': lyrics, 'language': 'fr'},
            'audio', 'vocals.mp3', audio)
        return request(args.port, 'POST', '/align', body, {**headers, 'Content-Type': content_type})

    status, _ = align(0, track=f'cached{run_id}')
    if status != 200:
        sys.exit(f'warm-up /align failed: {status}')

    rows = []
    for level in [int(x) for x in args.levels.split(',')]:
        lat, err, elapsed = run_level(level, args.get_requests, args.deadline,
                                      lambda i: request(args.port, 'GET', f'/timestamps/cached{run_id}', None, headers))
        rows.append(('GET /timestamps (cached)', level, lat, err, elapsed))
        if args.get_only:
            continue
        count = args.align_requests or max(8, 2 * level)
        lat, err, elapsed = run_level(level, count, args.deadline, lambda i, lv=level: align(i + 1000 * lv))
        rows.append(('POST /align (computed)', level, lat, err, elapsed))

    print('| endpoint | concurrency | ok | errors | p50 ms | p95 ms | throughput req/s |')
    print('|---|---|---|---|---|---|---|')
    for name, level, lat, err, elapsed in rows:
        errors = ', '.join(f'{k}: {v}' for k, v in sorted(err.items())) or '0'
        print(f'| {name} | {level} | {len(lat)} | {errors} | {percentile(lat, 50) * 1000:.1f} | '
              f'{percentile(lat, 95) * 1000:.1f} | {len(lat) / elapsed:.1f} |')


if __name__ == '__main__':
    main()
