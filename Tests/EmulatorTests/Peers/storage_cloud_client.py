"""google-cloud-storage, Google's own Cloud Storage library, against gapi-emulator through
STORAGE_EMULATOR_HOST.

Usage: STORAGE_EMULATOR_HOST=http://127.0.0.1:PORT storage_cloud_client.py
(the emulator serves storage:v1 with --no-auth). Prints one JSON line per call:
{"call": ..., "ok": ..., ...}.
"""

import hashlib
import os
import tempfile

from google.api_core import exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import storage

import peer_report
from peer_report import attempt

MIB = 1024 * 1024


def expect_error(call, action, kind):
    """Reports ok when action() raises `kind`, as the emulator should make it."""
    peer_report.expect_error(call, action, kind, lambda error: {"code": int(error.code)})


def main():
    client = storage.Client(project="p", credentials=AnonymousCredentials())
    folder = tempfile.mkdtemp()
    big = os.urandom(20 * MIB)
    big_path = os.path.join(folder, "big.bin")
    with open(big_path, "wb") as file:
        file.write(big)
    digest = hashlib.sha256(big).hexdigest()

    attempt("create_bucket", lambda: {"name": client.create_bucket("bk").name})
    expect_error("create_bucket again", lambda: client.create_bucket("bk"), exceptions.Conflict)
    bucket = client.bucket("bk")

    def small():
        blob = bucket.blob("notes/hello.txt")
        blob.upload_from_string(b"hello, storage", content_type="text/plain")
        return {"size": blob.size, "generation": blob.generation, "content_type": blob.content_type}

    attempt("upload small", small)

    def resumable(name, chunk_size):
        blob = bucket.blob(name, chunk_size=chunk_size)
        blob.upload_from_filename(big_path, content_type="application/octet-stream")
        return {"size": blob.size, "name": blob.name, "crc32c": blob.crc32c}

    attempt("upload 20 MB resumable", lambda: resumable("big/default.bin", None))
    attempt("upload 20 MB resumable 1 MiB chunks", lambda: resumable("big/chunked.bin", MIB))

    def download(name):
        data = bucket.blob(name).download_as_bytes()
        return {"length": len(data), "sha256_matches": hashlib.sha256(data).hexdigest() == digest}

    attempt("download default", lambda: download("big/default.bin"))
    attempt("download chunked", lambda: download("big/chunked.bin"))

    def to_file():
        path = os.path.join(folder, "back.bin")
        bucket.blob("big/chunked.bin", chunk_size=4 * MIB).download_to_filename(path)
        with open(path, "rb") as file:
            return {"sha256_matches": hashlib.sha256(file.read()).hexdigest() == digest}

    attempt("download_to_filename chunked", to_file)
    attempt(
        "download range",
        lambda: {"text": bucket.blob("notes/hello.txt").download_as_bytes(start=7, end=13).decode()},
    )
    attempt("download small", lambda: {"text": bucket.blob("notes/hello.txt").download_as_text()})

    for number in range(5):
        bucket.blob(f"page/{number}").upload_from_string(b"x")

    def paging():
        iterator = client.list_blobs("bk", prefix="page/", page_size=2)
        return {"pages": [[blob.name for blob in page] for page in iterator.pages]}

    attempt("list_blobs paging", paging)

    def folders():
        iterator = client.list_blobs("bk", delimiter="/")
        names = [blob.name for blob in iterator]
        return {"names": names, "prefixes": sorted(iterator.prefixes)}

    attempt("list_blobs delimiter", folders)
    attempt("list_blobs prefix", lambda: {"names": [b.name for b in client.list_blobs("bk", prefix="big/")]})
    attempt("get_blob", lambda: {"size": bucket.get_blob("big/default.bin").size})
    expect_error("delete non-empty bucket", lambda: bucket.delete(), exceptions.Conflict)

    def delete_all():
        for blob in client.list_blobs("bk"):
            blob.delete()
        bucket.delete()
        return {"exists": bucket.exists()}

    attempt("delete blobs and bucket", delete_all)
    expect_error("get deleted blob", lambda: bucket.blob("notes/hello.txt").download_as_bytes(), exceptions.NotFound)


if __name__ == "__main__":
    main()
