import GoogleAuth
import Platform
import RequestPlanning
import Transport

/// Folder listings for completing file names (`load`, `save`, `=@file`).
enum FolderListing {
  /// The entries of a folder (none when it cannot be read), without `.` and `..`.
  static func entries(in folder: String) -> [FileEntry] {
    LocalFiles.names(in: folder).map { name in
      FileEntry(name: name, isFolder: LocalFiles.isFolder(folder.hasSuffix("/") ? folder + name : folder + "/" + name))
    }
  }
}
