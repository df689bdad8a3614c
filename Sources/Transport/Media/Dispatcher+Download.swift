public import GoogleAuth
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// Downloads the media a plan answers with (`alt=media`) to `destination`, streaming it in
  /// chunks so a large file is never held in memory; a file appears only when complete.
  public func download(_ plan: RequestPlan, to destination: OutputDestination) async throws(DispatchError) {
    let sink = try OutputSink(destination: destination)
    do throws(DispatchError) {
      _ = try await execute(plan, streamingTo: sink)
      try sink.finish()
    } catch {
      sink.abandon()
      throw error
    }
  }
}
