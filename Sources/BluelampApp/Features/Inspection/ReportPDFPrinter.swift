import Foundation
import Plot
import Vapor

/// Prints the readiness report to PDF with headless Chromium, when the server has it.
///
/// The report is written as a standalone HTML file beside the app's stylesheet (read from the
/// bundle, so no session or network is involved) and printed with
/// `chromium --headless --no-sandbox --print-to-pdf=…`. At most two prints run at once.
struct ReportPDFPrinter: Sendable {
    /// The Chromium executable, or nil when none is installed.
    var executable: String?
    var timeout: TimeInterval = 60

    /// Where Chromium is usually installed; the first that exists is used.
    static let candidates = [
        "/usr/bin/chromium", "/usr/local/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium",
        "/opt/homebrew/bin/chromium", "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ]

    static func detect() -> ReportPDFPrinter {
        ReportPDFPrinter(executable: candidates.first { FileManager.default.isExecutableFile(atPath: $0) })
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A standalone HTML document for the content, styled by the bundled stylesheet.
    static func document(_ content: PageContent, title: String) -> String {
        let css =
            Bundle.module.url(forResource: "app", withExtension: "css", subdirectory: "Resources/Public")?
            .absoluteString ?? ""
        return HTML(
            .lang(.english),
            .head(.meta(.charset(.utf8)), .title(title), .stylesheet(css)),
            .body(.class("print"), .main(.component(content)))
        ).render()
    }

    func pdf(html: String) async throws -> Data {
        guard let executable else { throw Failure(description: "Chromium is not installed") }
        await PrintSlots.shared.acquire()
        do {
            let data = try await print(html: html, executable: executable)
            await PrintSlots.shared.release()
            return data
        } catch {
            await PrintSlots.shared.release()
            throw error
        }
    }

    private func print(html: String, executable: String) async throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bluelamp-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("report.html")
        let output = directory.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-pdf-header-footer", "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(output.path)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let status = try await process.runToEnd(timeout: timeout) {
            Failure(description: "Chromium could not start: \($0)")
        }
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Data("%PDF".utf8)) else {
            throw Failure(description: "Chromium did not produce a PDF (exit status \(status))")
        }
        return data
    }
}

/// Limits concurrent Chromium prints: each is a browser process.
actor PrintSlots {
    static let shared = PrintSlots(limit: 2)

    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

struct ReportPDFPrinterKey: StorageKey { typealias Value = ReportPDFPrinter }

extension Application {
    /// How the report is printed to PDF: Chromium where it is installed; replaceable in tests.
    var reportPDFPrinter: ReportPDFPrinter {
        get { storage[ReportPDFPrinterKey.self] ?? ReportPDFPrinter.detect() }
        set { storage[ReportPDFPrinterKey.self] = newValue }
    }
}
