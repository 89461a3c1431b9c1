"""The issue-day benchmark's clients (see issue_day.rs, which runs them).

One client program for both sides, so the comparison weighs the servers and
not the clients: urllib3 for the hub, and for Garage both boto3 (on urllib3)
and urllib3 with URLs boto3 signed, each with a pool of as many connections
as there are concurrent clients.

Reads a JSON job on stdin and prints one JSON line:
  {"mode": "put", ...}     stores the files in Garage (before measuring)
  {"mode": "hub", ...}     downloads through the hub
  {"mode": "sign", ...}    presigns a URL of each stored file
  {"mode": "direct", ...}  downloads straight from Garage with boto3
  {"mode": "delete", ...}  removes the stored files (after)
Downloads answer {"seconds": wall time, "bytes": total, "first_byte_ms":
[...], "latencies_ms": [...]} (to the headers, and to the last byte).
"""

import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import urllib3
from botocore.config import Config

CHUNK = 1 << 16


def s3(job, pool):
    return boto3.client(
        "s3",
        endpoint_url=job["endpoint"],
        region_name=job["region"],
        aws_access_key_id=job["access_key_id"],
        aws_secret_access_key=job["secret_access_key"],
        config=Config(max_pool_connections=pool, retries={"max_attempts": 1}),
    )


def put(job):
    client = s3(job, 4)
    for key, path in job["files"]:
        with open(path, "rb") as f:
            client.put_object(Bucket=job["bucket"], Key=key, Body=f.read())
    return {"stored": len(job["files"])}


def delete(job):
    client = s3(job, 4)
    for key in job["keys"]:
        client.delete_object(Bucket=job["bucket"], Key=key)
    return {"deleted": len(job["keys"])}


def measure(job, fetch):
    """`downloads` fetches by `clients` threads; request i is client
    i % clients's, of file i % len(sizes). `fetch` answers when the headers
    came and the bytes it read."""
    clients, downloads, sizes = job["clients"], job["downloads"], job["sizes"]
    first_byte, latencies = [0.0] * downloads, [0.0] * downloads

    def one(i):
        started = time.perf_counter()
        headers_at, got = fetch(i)
        first_byte[i] = (headers_at - started) * 1000.0
        latencies[i] = (time.perf_counter() - started) * 1000.0
        want = sizes[i % len(sizes)]
        if got != want:
            raise RuntimeError(f"download {i}: {got} bytes, not {want}")
        return got

    with ThreadPoolExecutor(max_workers=clients) as pool:
        started = time.perf_counter()
        total = sum(pool.map(one, range(downloads)))
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "bytes": total,
        "first_byte_ms": first_byte,
        "latencies_ms": latencies,
    }


def plain(job, urls, headers):
    """Downloads of `urls` with plain GETs; request i sends headers[i]."""
    http = urllib3.PoolManager(maxsize=job["clients"], retries=False)

    def fetch(i):
        r = http.request(
            "GET", urls[i % len(urls)], headers=headers(i), preload_content=False
        )
        headers_at = time.perf_counter()
        if r.status != 200:
            raise RuntimeError(f"download {i}: status {r.status}")
        got = sum(len(c) for c in r.stream(CHUNK))
        r.release_conn()
        return headers_at, got

    return measure(job, fetch)


def hub(job):
    cookies, clients = job["cookies"], job["clients"]
    return plain(job, job["urls"], lambda i: {"cookie": cookies[i % clients % len(cookies)]})


def sign(job):
    """URLs of the stored files that boto3 presigned, for plain GETs."""
    client = s3(job, 4)
    urls = [
        client.generate_presigned_url(
            "get_object", Params={"Bucket": job["bucket"], "Key": key}, ExpiresIn=3600
        )
        for key in job["keys"]
    ]
    return {"urls": urls}


def direct(job):
    client = s3(job, job["clients"])
    keys = job["keys"]

    def fetch(i):
        body = client.get_object(Bucket=job["bucket"], Key=keys[i % len(keys)])["Body"]
        headers_at = time.perf_counter()
        return headers_at, sum(len(c) for c in body.iter_chunks(CHUNK))

    return measure(job, fetch)


def main():
    job = json.load(sys.stdin)
    run = {
        "put": put,
        "delete": delete,
        "hub": hub,
        "sign": sign,
        "direct": direct,
    }[job["mode"]]
    print(json.dumps(run(job)))


if __name__ == "__main__":
    main()
