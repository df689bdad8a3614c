public import GoogleAuth
public import OrderedJSON
public import OutputShaping
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// Sends `plan` and writes the response to `destination` in `format`.
  ///
  /// JSON is rendered as asked, any other body as it came. A file appears only if everything
  /// succeeded.
  public func send(
    _ plan: RequestPlan, to destination: OutputDestination = .standardOutput, format: OutputFormat = .json,
    shaper: PageShaper = PageShaper(selection: .whole)
  ) async throws(DispatchError) {
    let sink = try OutputSink(destination: destination, format: format, shaper: shaper)
    do throws(DispatchError) {
      let response = try await execute(plan)
      try Self.write(response, to: sink)
      try sink.finish()
    } catch {
      sink.abandon()
      throw error
    }
  }

  /// Writes one response body (``OutputSink/write(response:)``).
  static func write(_ response: Response, to sink: OutputSink) throws(DispatchError) {
    try sink.write(response: response)
  }
}
