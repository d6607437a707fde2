import Foundation
import NIOCore
import NIOHTTP1

/// Sent outbound by the request handler when a response has been written in full, so the guard knows no
/// request is waiting for its answer and may start the idle clock.
struct ResponseWritten: Sendable {}

/// Sent outbound by the request handler to refuse the request it is reading now (a body over its route's
/// limit): the guard answers at once, stops passing on what the client sends, and closes.
struct RefuseRequest: Sendable {
    var status: HTTPResponseStatus
    var detail: String
    /// Sent as `Retry-After` when the refusal is for a moment only (503 while the server stops).
    var retryAfterSeconds: Int? = nil
}

/// The first handler on every connection, in front of NIO's HTTP decoder (issue 21, item 7). It reads the raw
/// bytes as they arrive and, without buffering them, follows where each request head starts and ends (and, to
/// find the next head, each body: by `Content-Length` or chunk by chunk). It answers
/// - 414 as soon as a request line passes `RequestLimits.requestLineBytes`,
/// - 431 as soon as a header section passes `RequestLimits.headerBytes`,
/// - 408 when a head is not complete `headTimeout` after its first byte (a client trickling its head), or when a
///   body's bytes stop arriving for `headTimeout` (a client that sent its head and then stalls),
/// and closes a connection that waits `idleTimeout` for its next request with nothing in flight. NIO's decoder
/// would otherwise wait for any head up to 80 KB without limit of time and close a longer one with no answer.
///
/// The guard decides nothing about what a request means: a head it cannot follow (a malformed length, chunk
/// size or framing) is passed on unscanned, and the decoder refuses it with 400.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let limits: RequestLimits
    private var phase: Phase = .head(HeadScan())
    /// Requests whose head is complete and whose response has not been written yet.
    private var awaitingResponse = 0
    /// A refusal of a pipelined request, sent once the responses before it have been written.
    private var deferredRefusal: RefuseRequest?
    private var timer: Scheduled<Void>?

    init(limits: RequestLimits) {
        self.limits = limits
    }

    // MARK: - Where the bytes are

    private enum Phase {
        case head(HeadScan)
        /// A body of known length: this many bytes to pass before the next head.
        case body(remaining: Int)
        case chunked(ChunkScan)
        /// Framing the guard cannot follow; the decoder will refuse it.
        case unframed
        /// Refused: everything the client still sends is discarded.
        case refused
    }

    private struct HeadScan {
        /// Bytes of this head so far (leading empty lines not counted).
        var bytes = 0
        /// Bytes of the request line with its line ending, once it has ended.
        var requestLineBytes: Int?
        /// The current line without CR and LF: its length, and its first bytes (enough to read the framing fields).
        var lineBytes = 0
        var line: [UInt8] = []
        var contentLength: Int?
        var chunked = false
        var framingUnclear = false
    }

    private enum ChunkScan {
        case size(value: Int, digits: Int, inExtension: Bool)
        case data(remaining: Int)
        case dataEnd
        /// After the last chunk: trailer lines until an empty one; `lineBytes` of the current line.
        case trailer(lineBytes: Int)
    }

    private static let keptLineBytes = 128
    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10
    private static let colon: UInt8 = 58
    private static let semicolon: UInt8 = 59

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { armIdleTimer(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdleTimer(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .refused = phase { return }
        let buffer = unwrapInboundIn(data)
        if let refusal = scan(buffer.readableBytesView, context) {
            refuse(context, refusal)
            return
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        switch event {
        case is ResponseWritten:
            awaitingResponse = max(0, awaitingResponse - 1)
            promise?.succeed(())
            if awaitingResponse == 0, let refusal = deferredRefusal {
                deferredRefusal = nil
                send(context, refusal)
            } else if awaitingResponse == 0, case .head(let scan) = phase, scan.bytes == 0 {
                armIdleTimer(context)
            }
        case let refusal as RefuseRequest:
            promise?.succeed(())
            // The request being read now is the one refused: nothing before it is still waiting.
            awaitingResponse = 0
            deferredRefusal = nil
            phase = .refused
            send(context, refusal)
        default:
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    // MARK: - Scanning

    /// Follows the bytes; returns a refusal when a limit is passed.
    private func scan(_ bytes: ByteBufferView, _ context: ChannelHandlerContext) -> RefuseRequest? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch phase {
            case .refused, .unframed:
                return nil
            case .body(let remaining):
                let taken = min(remaining, bytes.endIndex - index)
                index += taken
                phase = remaining == taken ? .head(HeadScan()) : .body(remaining: remaining - taken)
            case .chunked(let chunk):
                if case .data(let remaining) = chunk {
                    let taken = min(remaining, bytes.endIndex - index)
                    index += taken
                    phase = .chunked(remaining == taken ? .dataEnd : .data(remaining: remaining - taken))
                } else {
                    phase = step(chunk, bytes[index])
                    index += 1
                }
            case .head(var head):
                phase = .unframed  // so `head` is the only reference to its line while it grows (no copy per byte)
                let byte = bytes[index]
                index += 1
                switch step(&head, byte, context) {
                case .reading: phase = .head(head)
                case .ended: headEnded(head)
                case .refused(let refusal): return refusal
                }
            }
        }
        switch phase {
        case .head(let head) where head.bytes == 0:
            if awaitingResponse == 0 { armIdleTimer(context) } else { cancelTimer() }
        case .body, .chunked:
            armStallTimer(context)
        default:
            break
        }
        return nil
    }

    private enum HeadStep {
        case reading
        case ended
        case refused(RefuseRequest)
    }

    /// One byte of a head.
    private func step(_ head: inout HeadScan, _ byte: UInt8, _ context: ChannelHandlerContext) -> HeadStep {
        // RFC 9112 §2.2: empty lines before a request line are ignored.
        if head.bytes == 0 && (byte == Self.cr || byte == Self.lf) { return .reading }
        if head.bytes == 0 { armHeadTimer(context) }
        head.bytes += 1
        switch byte {
        case Self.cr:
            break
        case Self.lf:
            if head.requestLineBytes == nil {
                head.requestLineBytes = head.bytes
            } else if head.lineBytes == 0 {
                return .ended
            } else {
                readFraming(&head)
            }
            head.lineBytes = 0
            head.line.removeAll(keepingCapacity: true)
        default:
            head.lineBytes += 1
            if head.line.count < Self.keptLineBytes { head.line.append(byte) }
        }
        if let requestLine = head.requestLineBytes {
            if head.bytes - requestLine > limits.headerBytes {
                return .refused(
                    RefuseRequest(
                        status: .requestHeaderFieldsTooLarge,
                        detail: "The request's header fields are longer than \(limits.headerBytes) bytes in all."))
            }
        } else if head.lineBytes > limits.requestLineBytes {
            return .refused(
                RefuseRequest(
                    status: .uriTooLong, detail: "The request line is longer than \(limits.requestLineBytes) bytes."))
        }
        return .reading
    }

    /// Notes `Content-Length` and `Transfer-Encoding` from a complete header line.
    private func readFraming(_ head: inout HeadScan) {
        guard let colon = head.line.firstIndex(of: Self.colon) else { return }
        let name = String(decoding: head.line[..<colon], as: UTF8.self).lowercased()
        guard name == "content-length" || name == "transfer-encoding" else { return }
        guard head.lineBytes <= Self.keptLineBytes else {
            head.framingUnclear = true
            return
        }
        let value = String(decoding: head.line[(colon + 1)...], as: UTF8.self)
            .trimmingCharacters(in: .whitespaces).lowercased()
        if name == "transfer-encoding" {
            head.chunked = value.split(separator: ",").last?.trimmingCharacters(in: .whitespaces) == "chunked"
            if !head.chunked { head.framingUnclear = true }
        } else if let length = Int(value), length >= 0, head.contentLength == nil || head.contentLength == length {
            head.contentLength = length
        } else {
            head.framingUnclear = true
        }
    }

    private func headEnded(_ head: HeadScan) {
        cancelTimer()
        awaitingResponse += 1
        if head.framingUnclear || (head.chunked && head.contentLength != nil) {
            phase = .unframed
        } else if head.chunked {
            phase = .chunked(.size(value: 0, digits: 0, inExtension: false))
        } else if let length = head.contentLength, length > 0 {
            phase = .body(remaining: length)
        } else {
            phase = .head(HeadScan())
        }
    }

    /// One byte of a chunked body outside a chunk's data (RFC 9112 §7.1).
    private func step(_ chunk: ChunkScan, _ byte: UInt8) -> Phase {
        switch chunk {
        case .size(let value, let digits, let inExtension):
            if byte == Self.lf {
                guard digits > 0 else { return .unframed }
                return .chunked(value == 0 ? .trailer(lineBytes: 0) : .data(remaining: value))
            }
            if byte == Self.cr || inExtension { return .chunked(chunk) }
            if byte == Self.semicolon { return .chunked(.size(value: value, digits: digits, inExtension: true)) }
            guard let digit = Self.hexValue(byte), digits < 15 else { return .unframed }
            return .chunked(.size(value: value * 16 + digit, digits: digits + 1, inExtension: false))
        case .data:
            return .chunked(chunk)
        case .dataEnd:
            if byte == Self.lf { return .chunked(.size(value: 0, digits: 0, inExtension: false)) }
            return byte == Self.cr ? .chunked(chunk) : .unframed
        case .trailer(let lineBytes):
            if byte == Self.lf { return lineBytes == 0 ? .head(HeadScan()) : .chunked(.trailer(lineBytes: 0)) }
            if byte == Self.cr { return .chunked(chunk) }
            guard lineBytes < limits.headerBytes else { return .unframed }
            return .chunked(.trailer(lineBytes: lineBytes + 1))
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: Int(byte - 48)
        case 65...70: Int(byte - 55)
        case 97...102: Int(byte - 87)
        default: nil
        }
    }

    // MARK: - Refusing and timing out

    private func refuse(_ context: ChannelHandlerContext, _ refusal: RefuseRequest) {
        phase = .refused
        cancelTimer()
        // A pipelined request: the answers to the requests before it go first.
        if awaitingResponse > 0 {
            deferredRefusal = refusal
        } else {
            send(context, refusal)
        }
    }

    /// Writes the refusal as problem details (RFC 9457), then closes the sending side and keeps discarding what
    /// the client still sends for a moment, so it reads the answer rather than a connection reset.
    private func send(_ context: ChannelHandlerContext, _ refusal: RefuseRequest) {
        cancelTimer()
        let status = refusal.status
        let body =
            #"{"detail":"\#(refusal.detail)","kind":"\#(Problem.kind(for: status))","status":\#(status.code),"#
            + #""title":"\#(status.reasonPhrase)","type":"\#(Problem.type)"}"#
        var buffer = context.channel.allocator.buffer(capacity: 256 + body.utf8.count)
        buffer.writeString(
            "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\ncontent-type: application/problem+json\r\n"
                + (refusal.retryAfterSeconds.map { "retry-after: \($0)\r\n" } ?? "")
                + "content-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n\(body)")
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer))).whenComplete { _ in
            bound.value.close(mode: .output, promise: nil)
        }
        timer = context.eventLoop.scheduleTask(in: TimeAmount.interval(limits.lingerAfterRefusal)) {
            bound.value.close(promise: nil)
        }
    }

    private func armHeadTimer(_ context: ChannelHandlerContext) {
        armTimeout(context, releasingRequest: false) { "The request head was not complete within \($0)." }
    }

    /// Re-armed by every read of a body: a body whose bytes stop arriving for `headTimeout` is cut off with 408.
    private func armStallTimer(_ context: ChannelHandlerContext) {
        // The request whose body stalled is the one refused: no answer is owed to it.
        armTimeout(context, releasingRequest: true) { "The request body stopped arriving for \($0)." }
    }

    /// Refuses with 408 after `headTimeout`, the detail made from the time in words.
    private func armTimeout(
        _ context: ChannelHandlerContext, releasingRequest: Bool, _ detail: @escaping @Sendable (String) -> String
    ) {
        cancelTimer()
        let seconds = Self.seconds(Int(limits.headTimeout))
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: TimeAmount.interval(limits.headTimeout)) {
            let (handler, context) = bound.value
            handler.timer = nil
            if releasingRequest { handler.awaitingResponse = max(0, handler.awaitingResponse - 1) }
            handler.refuse(context, RefuseRequest(status: .requestTimeout, detail: detail(seconds)))
        }
    }

    private func armIdleTimer(_ context: ChannelHandlerContext) {
        cancelTimer()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: TimeAmount.interval(limits.idleTimeout)) {
            bound.value.close(promise: nil)
        }
    }

    private static func seconds(_ n: Int) -> String { n == 1 ? "1 second" : "\(n) seconds" }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}

extension TimeAmount {
    /// A time amount from seconds, to the millisecond.
    static func interval(_ seconds: TimeInterval) -> TimeAmount {
        .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
