"""Google's own Python client for Cloud Vision, over REST, against gapi-emulator.

Usage: vision_rest_client.py PORT  (the emulator runs with --no-auth and a short
--operation-delay). Prints one JSON line per call: {"call": ..., "ok": ..., ...}.
"""

import sys
import time

from google.api_core import exceptions, operations_v1
from google.auth.credentials import AnonymousCredentials
from google.cloud import vision_v1
from google.protobuf import field_mask_pb2

import peer_report
from peer_report import attempt

PARENT = "projects/p/locations/l"


def expect_error(call, action, kind):
    """Reports ok when action() raises `kind`, as the emulator should make it."""
    peer_report.expect_error(call, action, kind, lambda error: {"code": int(error.code), "message": error.message})


def main(port):
    options = {"api_endpoint": f"http://127.0.0.1:{port}"}
    credentials = AnonymousCredentials()
    products = vision_v1.ProductSearchClient(transport="rest", client_options=options, credentials=credentials)
    images = vision_v1.ImageAnnotatorClient(transport="rest", client_options=options, credentials=credentials)

    for number in (1, 2, 3):
        attempt(
            f"create_product p{number}",
            lambda number=number: {
                "name": products.create_product(
                    parent=PARENT,
                    product=vision_v1.Product(display_name=f"Shoe {number}", product_category="apparel-v2"),
                    product_id=f"p{number}",
                ).name
            },
        )
    attempt("get_product", lambda: {"display_name": products.get_product(name=f"{PARENT}/products/p1").display_name})

    def list_all():
        pager = products.list_products(request={"parent": PARENT, "page_size": 2})
        pages = [[product.name.rsplit("/", 1)[-1] for product in page.products] for page in pager.pages]
        return {"pages": pages}

    attempt("list_products", list_all)

    def update():
        product = vision_v1.Product(name=f"{PARENT}/products/p1", display_name="Boot", description="ignored")
        mask = field_mask_pb2.FieldMask(paths=["display_name"])
        updated = products.update_product(product=product, update_mask=mask)
        return {"display_name": updated.display_name, "description": updated.description}

    attempt("update_product", update)
    attempt("delete_product", lambda: {"result": repr(products.delete_product(name=f"{PARENT}/products/p1"))})
    expect_error("get_deleted_product", lambda: products.get_product(name=f"{PARENT}/products/p1"), exceptions.NotFound)
    expect_error(
        "create_product bad/id",
        lambda: products.create_product(parent=PARENT, product=vision_v1.Product(display_name="x"), product_id="bad/id"),
        # api_core picks the exception by HTTP status: 400 is BadRequest (InvalidArgument's base).
        exceptions.BadRequest,
    )

    request = vision_v1.AnnotateImageRequest(
        image=vision_v1.Image(content=b"\x89PNG\r\n\x1a\n"),
        features=[vision_v1.Feature(type_=vision_v1.Feature.Type.LABEL_DETECTION, max_results=3)],
    )
    attempt(
        "batch_annotate_images",
        lambda: {"responses": len(images.batch_annotate_images(requests=[request]).responses)},
    )

    output = vision_v1.OutputConfig(gcs_destination=vision_v1.GcsDestination(uri="gs://b/out/"), batch_size=2)
    operations = images._transport.operations_client
    # Vision's REST transport binds only GetOperation; api_core's default cancel binding,
    # `/v1/{name=**/operations/*}:cancel`, does not match a top-level `operations/<id>`. The
    # binding below is the discovery document's `vision.operations.cancel`.
    cancelling = operations_v1.AbstractOperationsClient(
        transport=operations_v1.OperationsRestTransport(
            host=images._transport._host,
            credentials=credentials,
            http_options={
                "google.longrunning.Operations.CancelOperation": [
                    {"method": "post", "uri": "/v1/{name=operations/*}:cancel", "body": "*"}
                ]
            },
            path_prefix="v1",
        )
    )

    def start_and_cancel():
        operation = images.async_batch_annotate_images(requests=[request], output_config=output)
        name = operation.operation.name
        state = vision_v1.OperationMetadata.State(operation.metadata.state).name
        fetched = operations.get_operation(name)
        cancelling.cancel_operation(name)
        cancelled = operations.get_operation(name)
        return {
            "name_prefix": name.split("/")[0],
            "metadata_state": state,
            "fetched_done": fetched.done,
            "cancelled_done": cancelled.done,
            "cancelled_code": cancelled.error.code,
        }

    attempt("async_batch_annotate_images cancel", start_and_cancel)

    def start_and_wait():
        operation = images.async_batch_annotate_images(requests=[request], output_config=output)
        started = time.monotonic()
        result = operation.result(timeout=30)
        return {
            "output_uri": result.output_config.gcs_destination.uri,
            "batch_size": result.output_config.batch_size,
            "metadata_state": vision_v1.OperationMetadata.State(operation.metadata.state).name,
            "waited_under_30s": time.monotonic() - started < 30,
        }

    attempt("async_batch_annotate_images result", start_and_wait)


if __name__ == "__main__":
    main(sys.argv[1])
