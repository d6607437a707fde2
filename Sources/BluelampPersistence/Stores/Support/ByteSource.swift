import Foundation

/// Bytes read in chunks: a file, a gzip file through `gzip -dc`, or bytes in memory.
/// Memory stays at one chunk whatever the size of the input.
enum ByteSource {
    case memory(Data)
    case file(path: String)

    static let chunkSize = 1 << 20

    /// Opens the source; gzip input (by its magic bytes, not its name) is decompressed as it streams.
    func open() throws -> any ChunkReader {
        switch self {
        case .memory(let data):
            if data.starts(with: [0x1F, 0x8B]) {
                // Gzip bytes held in memory (an upload): decompress through a temporary file.
                let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "bluelamp-\(UUID().uuidString).gz")
                try data.write(to: temporary)
                return try GzipChunkReader(path: temporary.path, removeWhenDone: true)
            }
            return MemoryChunkReader(data: data)
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ImportFileError(message: "cannot read \(path)")
            }
            let magic = (try? handle.read(upToCount: 2)) ?? Data()
            if magic.starts(with: [0x1F, 0x8B]) {
                try? handle.close()
                return try GzipChunkReader(path: path, removeWhenDone: false)
            }
            try handle.seek(toOffset: 0)
            return FileChunkReader(handle: handle)
        }
    }
}

struct ImportFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

protocol ChunkReader: AnyObject {
    /// The next chunk, or nil at the end.
    func next() throws -> Data?
    func close() throws
}

final class MemoryChunkReader: ChunkReader {
    let data: Data
    var offset = 0

    init(data: Data) { self.data = data }

    func next() throws -> Data? {
        guard offset < data.count else { return nil }
        let end = min(offset + ByteSource.chunkSize, data.count)
        defer { offset = end }
        return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + end))
    }

    func close() throws {}
}

final class FileChunkReader: ChunkReader {
    let handle: FileHandle

    init(handle: FileHandle) { self.handle = handle }

    func next() throws -> Data? {
        let chunk = try handle.read(upToCount: ByteSource.chunkSize) ?? Data()
        return chunk.isEmpty ? nil : chunk
    }

    func close() throws { try handle.close() }
}

/// `gzip -dc FILE`, read from its standard output as it decompresses.
final class GzipChunkReader: ChunkReader {
    let process = Process()
    let output = Pipe()
    let errors = Pipe()
    let path: String
    let removeWhenDone: Bool

    init(path: String, removeWhenDone: Bool) throws {
        self.path = path
        self.removeWhenDone = removeWhenDone
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    func next() throws -> Data? {
        let chunk = try output.fileHandleForReading.read(upToCount: ByteSource.chunkSize) ?? Data()
        if chunk.isEmpty {
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                let message = String(decoding: (try? errors.fileHandleForReading.readToEnd()) ?? Data(), as: UTF8.self)
                throw ImportFileError(
                    message: "the file is not valid gzip: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            return nil
        }
        return chunk
    }

    func close() throws {
        if process.isRunning { process.terminate() }
        try? output.fileHandleForReading.close()
        if removeWhenDone { try? FileManager.default.removeItem(atPath: path) }
    }
}
