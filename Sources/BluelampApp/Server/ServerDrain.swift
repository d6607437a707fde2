import Foundation

/// What the server is doing about stopping (issue 21, item 3). While it serves, every request is admitted. Once
/// stopping starts, a request not yet admitted is refused with 503 and a `Retry-After`, and the requests already
/// admitted (the responder is working on them) are counted down as their answers are written, so the server can
/// wait for them before it closes its connections and the application closes its database.
final class ServerDrain: @unchecked Sendable {
    private let lock = NSLock()
    private var stopping = false
    private var admitted = 0

    /// Whether stopping has started: new requests are refused.
    var isStopping: Bool { lock.withLock { stopping } }

    /// Requests admitted whose answer has not been written yet.
    var inFlight: Int { lock.withLock { admitted } }

    /// Admits a request for the responder, unless stopping has started (checked and counted under one lock, so a
    /// request is either refused or waited for).
    func admit() -> Bool {
        lock.withLock {
            guard !stopping else { return false }
            admitted += 1
            return true
        }
    }

    /// An admitted request's answer has been written (or its connection lost).
    func finished() {
        lock.withLock { admitted = max(0, admitted - 1) }
    }

    /// Starts stopping: from now on every new request is refused.
    func stop() {
        lock.withLock { stopping = true }
    }

    /// Waits until no admitted request is left, or until the deadline; returns how many were still in flight then.
    func waitForAdmitted(until deadline: Date) async -> Int {
        while true {
            let left = inFlight
            if left == 0 || Date() >= deadline { return left }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The answer to a request that arrives while the server is stopping.
    static let refusal = RefuseRequest(
        status: .serviceUnavailable, detail: "Bluelamp is stopping. Try again in a moment.", retryAfterSeconds: 5)
}
