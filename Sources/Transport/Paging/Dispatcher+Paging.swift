public import GoogleAuth
public import OrderedJSON
public import OutputShaping
public import Platform
public import RequestPlanning

extension Dispatcher {
  /// `--page-all`: sends `plan`, then `next(pageToken)` for each `nextPageToken`, writing one
  /// document per page (NDJSON unless `format` says otherwise), shaped by `shaper`.
  ///
  /// Stops after `maximumPages`, or once `shaper`'s limit is reached: no page is asked for
  /// that could print nothing.
  public func sendAllPages(
    _ plan: RequestPlan, to destination: OutputDestination = .standardOutput, format: OutputFormat = .ndjson,
    shaper: PageShaper = PageShaper(selection: .whole), maximumPages: Int = 10_000,
    next: (_ pageToken: String) throws(DispatchError) -> RequestPlan
  ) async throws(DispatchError) {
    let sink = try OutputSink(destination: destination, format: format, shaper: shaper)
    do throws(DispatchError) {
      var current = plan
      var seen: Set<String> = []
      for _ in 0..<maximumPages {
        let response = try await execute(current)
        try Self.write(response, to: sink)
        if sink.isComplete { break }
        // A token seen before would loop forever; a server that repeats one is done.
        guard let token = response.json?["nextPageToken"]?.stringValue, !token.isEmpty, seen.insert(token).inserted
        else { break }
        current = try next(token)
      }
      try sink.finish()
    } catch {
      sink.abandon()
      throw error
    }
  }
}

extension RequestPlan {
  /// The same call with the query parameter `name` set to `value` (replacing any earlier
  /// value), for following `nextPageToken` without planning again.
  public func settingQuery(_ name: String, to value: String) -> RequestPlan {
    var copy = self
    let (base, query) =
      url.firstIndex(of: "?").map { (String(url[..<$0]), String(url[url.index(after: $0)...])) } ?? (url, "")
    var parts = query.split(separator: "&").map(String.init).filter {
      !$0.hasPrefix(URITemplate.queryEncode(name) + "=")
    }
    parts.append("\(URITemplate.queryEncode(name))=\(URITemplate.queryEncode(value))")
    copy.url = base + "?" + parts.joined(separator: "&")
    return copy
  }
}
