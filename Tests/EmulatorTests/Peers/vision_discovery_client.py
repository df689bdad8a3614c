"""Google's discovery-based Python client (google-api-python-client) on Cloud Vision v1,
against gapi-emulator.

Usage: vision_discovery_client.py PORT  (the emulator serves vision:v1 with --no-auth).
Builds the client from the emulator's own discovery document, then prints one JSON line per
call: {"call": ..., "ok": ..., ...}.
"""

import json
import sys

from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import build_http

PARENT = "projects/p/locations/l"


def report(call, **facts):
    print(json.dumps({"call": call, **facts}, sort_keys=True), flush=True)


def attempt(call, action):
    """Runs action(); reports what it returns (a dict of facts) or the error it raised."""
    try:
        report(call, ok=True, **action())
    except Exception as error:  # noqa: BLE001 - every failure is a result to report
        report(call, ok=False, error=type(error).__name__, message=str(error)[:300])


def expect_status(call, action, status):
    """Reports ok when action() fails with HTTP `status`."""
    try:
        action()
        report(call, ok=False, error="no error raised")
    except HttpError as error:
        report(call, ok=error.resp.status == status, code=error.resp.status)
    except Exception as error:  # noqa: BLE001
        report(call, ok=False, error=type(error).__name__, message=str(error)[:300])


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
