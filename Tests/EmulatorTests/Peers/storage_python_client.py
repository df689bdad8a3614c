"""Google's discovery-based Python client (google-api-python-client) on Cloud Storage v1,
against gapi-emulator.

Usage: storage_python_client.py PORT  (the emulator serves storage:v1 with --no-auth).
Builds the client from the emulator's own discovery document, then prints one JSON line per
call: {"call": ..., "ok": ..., ...}.
"""

import hashlib
import io
import os
import sys
import tempfile

from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaFileUpload, MediaIoBaseDownload, MediaIoBaseUpload, build_http

from peer_report import attempt, expect_error

CHUNK = 256 * 1024


def expect_status(call, action, status):
    """Reports ok when action() fails with HTTP `status`."""
    expect_error(call, action, HttpError, lambda error: {"code": error.resp.status}, lambda error: error.resp.status == status)


def download(objects, bucket, name, chunksize):
    """The object's media through MediaIoBaseDownload, in `chunksize` Range requests."""
    buffer = io.BytesIO()
    downloader = MediaIoBaseDownload(buffer, objects.get_media(bucket=bucket, object=name), chunksize=chunksize)
    done, chunks = False, 0
    while not done:
        _, done = downloader.next_chunk()
        chunks += 1
    return buffer.getvalue(), chunks


def main(port):
    root = f"http://127.0.0.1:{port}/"
    storage = build(
        "storage",
        "v1",
        discoveryServiceUrl=root + "discovery/v1/apis/{api}/{apiVersion}/rest",
        # build_http() keeps 308 (Resume Incomplete) from being followed as a redirect.
        http=build_http(),
        developerKey="emulator",
        static_discovery=False,
    )
    buckets = storage.buckets()
    objects = storage.objects()
    media = os.urandom(1024 * 1024)
    digest = hashlib.sha256(media).hexdigest()
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "random.bin")
    with open(path, "wb") as file:
        file.write(media)

    attempt("buckets insert", lambda: {"name": buckets.insert(project="p", body={"name": "bk"}).execute()["name"]})
    attempt("buckets insert other", lambda: {"name": buckets.insert(project="p", body={"name": "other"}).execute()["name"]})
    expect_status("buckets insert again", lambda: buckets.insert(project="p", body={"name": "bk"}).execute(), 409)
    attempt("buckets get", lambda: {"kind": buckets.get(bucket="bk").execute()["kind"]})
    attempt(
        "buckets list",
        lambda: {"names": [item["name"] for item in buckets.list(project="p").execute().get("items", [])]},
    )

    def resumable():
        upload = MediaFileUpload(path, mimetype="application/x-random", chunksize=CHUNK, resumable=True)
        request = objects.insert(bucket="bk", name="dir/big file.bin", media_body=upload)
        response, progress = None, []
        while response is None:
            status, response = request.next_chunk()
            if status:
                progress.append(status.resumable_progress)
        return {
            "name": response["name"],
            "size": response["size"],
            "contentType": response["contentType"],
            "progress": progress,
        }

    attempt("objects insert resumable", resumable)

    def simple():
        upload = MediaIoBaseUpload(io.BytesIO(b"hello"), mimetype="text/plain", resumable=False)
        response = objects.insert(bucket="bk", body={"name": "dir/small.txt"}, media_body=upload).execute()
        return {"name": response["name"], "size": response["size"], "generation": response["generation"]}

    attempt("objects insert multipart", simple)

    def replace():
        upload = MediaIoBaseUpload(io.BytesIO(b"hello again"), mimetype="text/plain", resumable=False)
        response = objects.insert(bucket="bk", name="dir/small.txt", media_body=upload).execute()
        return {"size": response["size"], "generation": response["generation"]}

    attempt("objects insert again", replace)

    def get_media_whole():
        data, chunks = download(objects, "bk", "dir/big file.bin", 4 * 1024 * 1024)
        return {"sha256_matches": hashlib.sha256(data).hexdigest() == digest, "length": len(data), "chunks": chunks}

    attempt("get_media whole", get_media_whole)

    def get_media_chunked():
        data, chunks = download(objects, "bk", "dir/big file.bin", 300 * 1000)
        return {"sha256_matches": hashlib.sha256(data).hexdigest() == digest, "length": len(data), "chunks": chunks}

    attempt("get_media chunked", get_media_chunked)
    attempt("get_media small", lambda: {"text": objects.get_media(bucket="bk", object="dir/small.txt").execute().decode()})

    objects.insert(bucket="bk", name="top.txt", media_body=MediaIoBaseUpload(io.BytesIO(b"t"), "text/plain")).execute()
    for number in range(5):
        upload = MediaIoBaseUpload(io.BytesIO(b"x"), mimetype="text/plain")
        objects.insert(bucket="bk", name=f"page/{number}", media_body=upload).execute()

    def paging():
        pages = []
        request = objects.list(bucket="bk", prefix="page/", maxResults=2)
        while request is not None:
            response = request.execute()
            pages.append([item["name"] for item in response.get("items", [])])
            request = objects.list_next(request, response)
        return {"pages": pages}

    attempt("objects list paging", paging)

    def folders():
        response = objects.list(bucket="bk", delimiter="/").execute()
        return {"items": [item["name"] for item in response.get("items", [])], "prefixes": response.get("prefixes", [])}

    attempt("objects list delimiter", folders)
    attempt(
        "objects list prefix",
        lambda: {"names": [item["name"] for item in objects.list(bucket="bk", prefix="dir/").execute().get("items", [])]},
    )
    attempt("objects get", lambda: {"name": objects.get(bucket="bk", object="dir/big file.bin").execute()["name"]})
    expect_status("buckets delete not empty", lambda: buckets.delete(bucket="bk").execute(), 409)
    attempt("objects delete", lambda: {"answer": objects.delete(bucket="bk", object="dir/small.txt").execute()})
    expect_status("objects get deleted", lambda: objects.get(bucket="bk", object="dir/small.txt").execute(), 404)
    attempt("buckets delete", lambda: {"answer": buckets.delete(bucket="other").execute()})
    expect_status("buckets get deleted", lambda: buckets.get(bucket="other").execute(), 404)


if __name__ == "__main__":
    main(sys.argv[1])
