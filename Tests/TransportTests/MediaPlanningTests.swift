import Discovery
import OrderedJSON
import RequestPlanning
import Testing
import Transport

/// How an upload is planned: its MIME type from `-m` or the file's extension, and a `simple`
/// upload with request fields sent as `multipart`, as google-api-python-client does.
@Suite struct MediaPlanningTests {
  @Test(arguments: [
    ("cat.jpg", "image/jpeg"), ("CAT.JPEG", "image/jpeg"), ("shot.png", "image/png"), ("anim.gif", "image/gif"),
    ("pic.webp", "image/webp"), ("old.bmp", "image/bmp"), ("scan.tif", "image/tiff"), ("scan.TIFF", "image/tiff"),
    ("paper.pdf", "application/pdf"), ("notes.txt", "text/plain"), ("page.html", "text/html"),
    ("table.csv", "text/csv"), ("data.json", "application/json"), ("feed.xml", "application/xml"),
    ("bundle.zip", "application/zip"), ("logs.tar.gz", "application/gzip"), ("song.mp3", "audio/mpeg"),
    ("clip.mp4", "video/mp4"), ("voice.wav", "audio/wav"), ("lossless.flac", "audio/flac"),
    ("vorbis.ogg", "audio/ogg"), ("web.webm", "video/webm"), ("movie.mov", "video/quicktime"),
    ("/some.dir/README", "application/octet-stream"), (".bashrc", "application/octet-stream"),
    ("model.bin", "application/octet-stream"), ("trailing.", "application/octet-stream"),
  ])
  func theMIMETypeComesFromTheExtension(file: String, type: String) {
    #expect(RequestPlan.Upload.mimeType(forFile: file) == type)
  }

  func plan(_ kind: RequestPlan.Upload.Kind, body: JSONValue?) throws -> RequestPlan {
    let document = try TestSupport.document("storage.v1.json")
    let method = try TestSupport.method(document, "objects", "insert")
    return try RequestPlanner(document: document, endpoint: "http://127.0.0.1:9/").plan(
      method, .init(path: ["bucket": ["b"]], body: body, bearerToken: "T"),
      upload: RequestPlan.Upload(kind: kind, filePath: "/tmp/cat.png", mimeType: "image/png"))
  }

  func kind(of plan: RequestPlan) -> RequestPlan.Upload.Kind? {
    if case .upload(let upload)? = plan.media { return upload.kind }
    return nil
  }

  @Test func aSimpleUploadWithRequestFieldsBecomesMultipart() throws {
    let plan = try plan(.simple, body: ["name": "cat.png"])
    #expect(plan.url == "http://127.0.0.1:9/upload/storage/v1/b/b/o?uploadType=multipart")
    #expect(kind(of: plan) == .multipart)
    #expect(plan.body == ["name": "cat.png"])
  }

  @Test func aSimpleUploadWithoutRequestFieldsStaysSimple() throws {
    for body: JSONValue? in [nil, [:]] {
      let plan = try plan(.simple, body: body)
      #expect(plan.url == "http://127.0.0.1:9/upload/storage/v1/b/b/o?uploadType=media")
      #expect(kind(of: plan) == .simple)
    }
  }

  @Test func otherProtocolsAreKeptAsAsked() throws {
    #expect(kind(of: try plan(.multipart, body: [:])) == .multipart)
    #expect(kind(of: try plan(.resumable, body: ["name": "cat.png"])) == .resumable)
  }
}
