import Foundation
import NIOCore
import NIOPosix
import Testing

/// A raw TCP connection to a served application on loopback, for requests no HTTP client would send: bytes out,
/// everything the server answers kept as text, and whether the server has closed the connection. Every wait has a
/// deadline, so a server that never answers fails the test instead of hanging it.
final class RawConnection: Sendable {
    private let channel: any Channel
    private let received: Received

    private init(channel: any Channel, received: Received) {
        self.channel = channel
        self.received = received
    }

    static func open(port: Int) async throws -> RawConnection {
        let received = Received()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(received) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    /// Sends the text; a failure (the server has already closed) is not an error here: what it answered is.
    func send(_ text: String) async {
        try? await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Sends `count` bytes of `byte` in pieces of 16 KiB, stopping quietly if the server closes.
    func send(repeating byte: UInt8, count: Int) async {
        var left = count
        while left > 0, channel.isActive {
            let piece = min(left, 16 * 1024)
            try? await channel.writeAndFlush(ByteBuffer(repeating: byte, count: piece)).get()
            left -= piece
        }
    }

    var text: String { received.text }
    var isClosed: Bool { received.closed }

    /// Waits until the answer so far satisfies `done`; fails the test if `timeout` passes first.
    @discardableResult
    func wait(
        _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        until done: (RawConnection) -> Bool
    ) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while !done(self) {
            guard ContinuousClock.now < deadline else {
                Issue.record(
                    "timed out after \(timeout) waiting for \(what); received: \(text.prefix(200))",
                    sourceLocation: sourceLocation)
                return text
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return text
    }

    /// Waits for the server to close the connection and returns everything it sent.
    @discardableResult
    func waitUntilClosed(timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> String
    {
        try await wait("the server to close the connection", timeout: timeout, sourceLocation: sourceLocation) {
            $0.isClosed
        }
    }

    func close() {
        channel.close(promise: nil)
    }

    /// The status code of the first response received, if a status line has arrived.
    var firstStatus: Int? {
        let line = text.prefix(while: { $0 != "\r" })
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(parts[1])
    }

    private final class Received: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        private var isClosed = false

        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
        var closed: Bool { lock.withLock { isClosed } }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            lock.withLock { bytes.append(contentsOf: buffer.readableBytesView) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            lock.withLock { isClosed = true }
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // A reset after the answer: the connection is over either way.
            context.close(promise: nil)
        }
    }
}
