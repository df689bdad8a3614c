"""google-api-python-client sending vision v1's operations.cancel to a loopback endpoint.

Used by scripts/bench as the Python reference: it builds the service from the bundled
document, as a script would, and sends one call.
"""
import sys

import httplib2
from googleapiclient import discovery

port = sys.argv[1]
with open(sys.argv[2]) as f:
    service = discovery.build_from_document(
        f.read(), http=httplib2.Http(), client_options={"api_endpoint": f"http://127.0.0.1:{port}/"})
service.operations().cancel(name="operations/abc", body={}).execute()
