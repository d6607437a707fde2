import ArgumentParser
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Vapor

/// Rejected rows written as CSV: file, line, field, reason, and the row as police.uk wrote it.
final class RejectsFile: @unchecked Sendable {
    let handle: FileHandle
    let lock = NSLock()

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data("file,line,field,reason,row\n".utf8)),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CommandFailure(message: "cannot write the rejects file \(path)") }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    func write(fileName: String, row: PoliceUKRejectedRow) {
        write(fileName: fileName, line: row.line, fields: row.fields, problems: row.errors)
    }

    /// A rejected row of any file Bluelamp imports (police.uk's, calls): one line per problem.
    func write(fileName: String, line: Int, fields: [String]?, problems: [FileProblem]) {
        lock.lock()
        defer { lock.unlock() }
        let original = fields.map { $0.map(PoliceUKCSV.field).joined(separator: ",") } ?? ""
        for error in problems {
            let fields = [fileName, String(line), error.field ?? "", error.reason, original].map(PoliceUKCSV.field)
            handle.write(Data((fields.joined(separator: ",") + "\n").utf8))
        }
    }

    func close() throws { try handle.close() }
}

enum PoliceUKFiles {
    /// Street files before outcomes files (outcomes attach to crimes already imported), otherwise as given.
    static func importOrder(_ paths: [String]) -> [String] {
        let outcomes = paths.filter { URL(fileURLWithPath: $0).lastPathComponent.contains("outcomes") }
        return paths.filter { !outcomes.contains($0) } + outcomes
    }
}
