import BluelampCore
import Foundation

/// The frameworks' documents worked out once per process: each framework file's JSON document and checksum, and
/// each stored document decoded once for its checksum. A framework is a few dozen kilobytes of JSON that changes only
/// when a new file ships, and the dashboard reads every framework on every request.
final class FrameworkDocuments: @unchecked Sendable {
    static let shared = FrameworkDocuments()

    private let lock = NSLock()
    /// Decoded frameworks by the checksum of their stored document.
    private var decoded: [String: InspectionFramework] = [:]
    /// Each file's document and checksum, by the framework value it was encoded from.
    private var documents: [InspectionFramework: (document: String, checksum: String)] = [:]

    /// The framework stored under `checksum`, if it has been decoded before.
    func framework(checksum: String) -> InspectionFramework? {
        lock.withLock { decoded[checksum] }
    }

    /// Keeps a decoded framework for its checksum and returns it.
    func remember(_ framework: InspectionFramework, checksum: String) -> InspectionFramework {
        lock.withLock { decoded[checksum] = framework }
        return framework
    }

    /// The document a framework is stored as, and its checksum.
    func document(of framework: InspectionFramework) throws -> (document: String, checksum: String) {
        if let known = lock.withLock({ documents[framework] }) { return known }
        let document = try InspectionStore.json(framework)
        let entry = (document, SessionStore.sha256(document))
        lock.withLock { documents[framework] = entry }
        return entry
    }
}
