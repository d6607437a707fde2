import Foundation

extension Process {
    /// Starts the process and waits for it to end, returning its exit status. With a `timeout`, a process still
    /// running then is asked to stop (SIGTERM), so a hung tool cannot hold its caller for ever. `cannotStart` makes
    /// the error thrown when the executable cannot be started.
    func runToEnd(timeout: TimeInterval?, cannotStart: @escaping (any Error) -> any Error) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try run()
            } catch {
                terminationHandler = nil
                continuation.resume(throwing: cannotStart(error))
                return
            }
            guard let timeout else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if self.isRunning { self.terminate() }
            }
        }
    }
}
