public import Discovery
import OrderedJSON
import Platform

extension RequestPlanner {
  /// The plan of an upload call: the method's upload path (`rootUrl/upload/...`) with
  /// `uploadType` first, the JSON body as metadata, and ``RequestPlan/media`` set.
  ///
  /// A `simple` upload with request fields becomes `multipart`, as google-api-python-client
  /// does: a simple upload's body is the file alone, and the fields would otherwise be lost.
  public func plan(
    _ method: APIMethod, _ arguments: Arguments, upload requested: RequestPlan.Upload
  ) throws(PlanError) -> RequestPlan {
    var upload = requested
    if upload.kind == .simple, let body = arguments.body, body.objectValue?.isEmpty != true, !body.isNull {
      upload.kind = .multipart
    }
    guard let mediaUpload = method.mediaUpload, method.supportsMediaUpload || !mediaUpload.protocols.isEmpty else {
      throw PlanError(problems: [
        "The method '\(method.kebabName)' does not accept a \(upload.kind.rawValue) upload (-u)"
      ])
    }
    // Every protocol goes to the simple path (`/upload/...`), as Google's clients do; the
    // documents' `/resumable/upload/...` paths are legacy aliases.
    guard
      let uploadProtocol = mediaUpload.protocols.first(where: { $0.name == "simple" }) ?? mediaUpload.protocols.first,
      upload.kind != .resumable || mediaUpload.protocols.contains(where: { $0.name == "resumable" })
    else {
      throw PlanError(problems: [
        "The method '\(method.kebabName)' does not accept a \(upload.kind.rawValue) upload (-u)"
      ])
    }
    var withType = arguments
    withType.query.insert((name: "uploadType", value: upload.kind.uploadType), at: 0)
    var plan = try self.plan(method, withType)
    let base = expandedPath(uploadProtocol.path, values: arguments.path)
    let query = plan.url.firstIndex(of: "?").map { String(plan.url[$0...]) } ?? ""
    plan.url = base + query
    plan.media = .upload(upload)
    return plan
  }
}
