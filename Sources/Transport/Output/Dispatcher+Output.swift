public import GoogleAuth
public import OrderedJSON
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// Sends `plan` and writes the response to `destination` in `format`.
  ///
  /// JSON is rendered as asked, any other body as it came. A file appears only if everything
  /// succeeded.
  public func send(
    _ plan: RequestPlan, to destination: OutputDestination = .standardOutput, format: OutputFormat = .json
  ) async throws(DispatchError) {
    let sink = try OutputSink(destination: destination, format: format)
    do throws(DispatchError) {
      let response = try await execute(plan)
      try Self.write(response, to: sink)
      try sink.finish()
    } catch {
      sink.abandon()
      throw error
    }
  }

  /// Writes one response body.
  ///
  /// JSON goes through the format, anything else raw; an empty body (such as a 204's) writes
  /// nothing.
  static func write(_ response: Response, to sink: OutputSink) throws(DispatchError) {
    guard !response.body.isEmpty else { return }
    if let json = response.json { try sink.write(json) } else { try sink.writeRaw(response.body) }
  }
}
