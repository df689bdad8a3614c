"""Google's discovery-based Python client (google-api-python-client) on Cloud Vision v1,
against gapi-emulator.

Usage: vision_discovery_client.py PORT  (the emulator serves vision:v1 with --no-auth).
Builds the client from the emulator's own discovery document, then prints one JSON line per
call: {"call": ..., "ok": ..., ...}.
"""

import sys

from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import build_http

from peer_report import attempt, expect_error

PARENT = "projects/p/locations/l"


def expect_status(call, action, status):
    """Reports ok when action() fails with HTTP `status`."""
    expect_error(call, action, HttpError, lambda error: {"code": error.resp.status}, lambda error: error.resp.status == status)


def main(port):
    root = f"http://127.0.0.1:{port}/"
    vision = build(
        "vision",
        "v1",
        discoveryServiceUrl=root + "discovery/v1/apis/{api}/{apiVersion}/rest",
        http=build_http(),
        developerKey="emulator",
        static_discovery=False,
    )
    products = vision.projects().locations().products()

    for n in (1, 2, 3):
        attempt(
            f"products create p{n}",
            lambda n=n: {
                "name": products.create(
                    parent=PARENT,
                    productId=f"p{n}",
                    body={"displayName": f"Shoe {n}", "productCategory": "apparel-v2"},
                ).execute()["name"]
            },
        )
    expect_status(
        "products create bad id",
        lambda: products.create(parent=PARENT, productId="bad/id", body={"displayName": "x"}).execute(),
        400,
    )
    attempt("products get", lambda: {"displayName": products.get(name=f"{PARENT}/products/p1").execute()["displayName"]})

    def paging():
        pages = []
        request = products.list(parent=PARENT, pageSize=2)
        while request is not None:
            response = request.execute()
            pages.append([item["name"].rsplit("/", 1)[-1] for item in response.get("products", [])])
            request = products.list_next(request, response)
        return {"pages": pages}

    attempt("products list_next", paging)
    attempt(
        "products patch",
        lambda: products.patch(
            name=f"{PARENT}/products/p2", updateMask="displayName", body={"displayName": "Boot", "description": "no"}
        ).execute(),
    )
    attempt("products delete", lambda: {"empty": products.delete(name=f"{PARENT}/products/p3").execute() == {}})
    expect_status("products get deleted", lambda: products.get(name=f"{PARENT}/products/p3").execute(), 404)

    def batch():
        # The client's own batch: multipart/mixed to rootUrl + batchPath, LF line ends, quoted
        # boundary, Content-IDs "<uuid + id>"; its answer is matched by Content-ID.
        answers = {}

        def record(request_id, response, exception):
            answers[request_id] = exception.resp.status if exception else response["name"].rsplit("/", 1)[-1]

        request = vision.new_batch_http_request(callback=record)
        for n in (1, 2, 3):
            request.add(products.get(name=f"{PARENT}/products/p{n}"), request_id=f"get-p{n}")
        request.execute()
        return {"answers": [answers[f"get-p{n}"] for n in (1, 2, 3)]}

    attempt("batch of three gets", batch)

    request = {
        "requests": [
            {
                "image": {"source": {"imageUri": "gs://b/cat.jpg"}},
                "features": [{"type": "LABEL_DETECTION", "maxResults": 3}],
            }
        ]
    }
    attempt(
        "images annotate",
        lambda: {"responses": len(vision.images().annotate(body=request).execute().get("responses", []))},
    )

    def operation():
        body = dict(request, outputConfig={"gcsDestination": {"uri": "gs://b/out/"}})
        started = vision.images().asyncBatchAnnotate(body=body).execute()
        name = started["name"]
        fetched = vision.operations().get(name=name).execute()
        cancelled = vision.operations().cancel(name=name, body={}).execute()
        after = vision.operations().get(name=name).execute()
        return {
            "metadata_type": started["metadata"]["@type"],
            "fetched_done": fetched.get("done", False),
            "cancel_answer": cancelled,
            "cancelled_done": after.get("done", False),
            "cancelled_code": after.get("error", {}).get("code"),
        }

    attempt("asyncBatchAnnotate then cancel", operation)


if __name__ == "__main__":
    main(int(sys.argv[1]))
