import HTTPTypes
public import Hummingbird
import NIOCore
import OrderedJSON

/// Errors render their own Google-shaped body, so every thrower gets the same answer format.
extension EmulatorError: HTTPResponseError {
  public var status: HTTPResponse.Status { HTTPResponse.Status(code: code) }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    JSONResponse.make(body, status: status)
  }
}

/// Builds the emulator's JSON answers: pretty-printed with a final newline, as Google's servers send them.
enum JSONResponse {
  static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=UTF-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: value.prettyText)))
  }
}
