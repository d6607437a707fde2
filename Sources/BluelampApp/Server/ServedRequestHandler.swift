import Foundation
import NIOCore
import NIOHTTP1
import Vapor

/// The last handler on a connection: turns NIO's decoded request into a Vapor `Request`, its body collected up to
/// its route's limit, runs the application's responder and writes the response. A body over the limit is refused
/// with 413 as soon as its `Content-Length`, or the bytes received so far, pass it: it is never read whole
/// (issue 21, item 7). A request line or header section over `RequestLimits` that reached this far (one pipelined
/// behind another, which `RequestHeadGuard` does not measure) is refused here with 414 or 431.
final class ServedRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let application: Application
    private let responder: any Responder
    private let limits: RequestLimits
    private let bodyLimits: RouteBodyLimits
    private let drain: ServerDrain
    private var state: State = .idle
    private var quiescing = false
    /// A malformed request met while the one before it is being answered: refused once that answer is written.
    private var pendingRefusal: RefuseRequest?

    private enum State {
        case idle
        case reading(HTTPRequestHead, body: ByteBuffer?, limit: Int)
        case responding
        case refused
    }

    init(
        application: Application, responder: any Responder, limits: RequestLimits, bodyLimits: RouteBodyLimits,
        drain: ServerDrain
    ) {
        self.application = application
        self.responder = responder
        self.limits = limits
        self.bodyLimits = bodyLimits
        self.drain = drain
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            guard case .idle = state else { return }
            if let refusal = check(head) { return refuse(context, refusal) }
            // A stopping server reads no more bodies: the request is refused before its body is sent.
            if drain.isStopping { return refuse(context, ServerDrain.refusal) }
            let limit = bodyLimits.limit(head.method, head.uri)
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                return refuse(context, Self.tooLarge(limit))
            }
            if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
            state = .reading(head, body: nil, limit: limit)
        case .body(var chunk):
            guard case .reading(let head, var body, let limit) = state else { return }
            guard (body?.readableBytes ?? 0) + chunk.readableBytes <= limit else {
                return refuse(context, Self.tooLarge(limit))
            }
            if body == nil { body = chunk } else { body?.writeBuffer(&chunk) }
            state = .reading(head, body: body, limit: limit)
        case .end:
            guard case .reading(let head, let body, _) = state else { return }
            // Admitted now, or refused if stopping began while the body was read: the server waits for
            // every request admitted before it closes.
            guard drain.admit() else { return refuse(context, ServerDrain.refusal) }
            state = .responding
            respond(context, head, body)
        }
    }

    /// A request NIO's decoder cannot parse is answered 400 (431 for a head past the decoder's own 80 KB limit,
    /// which only a head pipelined behind another can reach) by the guard, which then closes the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.close(promise: nil)
            return
        }
        let refusal =
            parseError == .headerOverflow
            ? RefuseRequest(
                status: .requestHeaderFieldsTooLarge, detail: "The request head is longer than this server reads.")
            : RefuseRequest(status: .badRequest, detail: "The request is not well-formed HTTP/1.1.")
        if case .responding = state {
            pendingRefusal = refusal
        } else {
            refuse(context, refusal)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent { quiescing = true }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: - Limits

    private func check(_ head: HTTPRequestHead) -> RefuseRequest? {
        if head.uri.utf8.count > limits.requestLineBytes {
            return RefuseRequest(
                status: .uriTooLong, detail: "The request line is longer than \(limits.requestLineBytes) bytes.")
        }
        let headerBytes = head.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
        if headerBytes > limits.headerBytes {
            return RefuseRequest(
                status: .requestHeaderFieldsTooLarge,
                detail: "The request's header fields are longer than \(limits.headerBytes) bytes in all.")
        }
        return nil
    }

    private static func tooLarge(_ limit: Int) -> RefuseRequest {
        RefuseRequest(
            status: .payloadTooLarge, detail: "The request body is larger than this address accepts (\(limit) bytes).")
    }

    /// The guard at the front of the pipeline writes the refusal and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, _ refusal: RefuseRequest) {
        state = .refused
        context.triggerUserOutboundEvent(refusal, promise: nil)
    }

    // MARK: - Responding

    private func respond(_ context: ChannelHandlerContext, _ head: HTTPRequestHead, _ body: ByteBuffer?) {
        let request = Request(
            application: application, method: head.method, url: URI(string: head.uri), version: head.version,
            headersNoUpdate: head.headers, collectedBody: body, remoteAddress: context.channel.remoteAddress,
            logger: application.logger, byteBufferAllocator: context.channel.allocator, on: context.eventLoop)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let loop = context.eventLoop
        responder.respond(to: request)
            .flatMap { response in response.body.collect(on: loop).map { (response, $0) } }
            .hop(to: loop)
            .whenComplete { result in
                let (handler, context) = bound.value
                switch result {
                case .success(let (response, buffer)):
                    handler.write(context, head, status: response.status, headers: response.headers, body: buffer)
                case .failure(let error):
                    // The error middleware answers every ordinary failure; this is what it could not.
                    handler.application.logger.error(
                        "response failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                    handler.quiescing = true
                    handler.write(context, head, status: .internalServerError, headers: [:], body: nil)
                }
            }
    }

    private func write(
        _ context: ChannelHandlerContext, _ request: HTTPRequestHead, status: HTTPResponseStatus, headers: HTTPHeaders,
        body: ByteBuffer?
    ) {
        var headers = headers
        headers.remove(name: "transfer-encoding")
        let bodyAllowed = status.code >= 200 && status != .noContent && status != .notModified
        if bodyAllowed {
            headers.replaceOrAdd(name: "content-length", value: String(body?.readableBytes ?? 0))
        } else {
            headers.remove(name: "content-length")
        }
        if !headers.contains(name: "date") { headers.add(name: "date", value: HTTPDate.string(Date())) }
        let keepAlive = request.isKeepAlive && !quiescing && !drain.isStopping
        headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
        // Ready for the next request before the end is written: the pipelining handler hands on a waiting
        // request as soon as it sees the end.
        state = .idle
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))),
            promise: nil)
        if bodyAllowed, request.method != .HEAD, let body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            let (handler, context) = bound.value
            handler.drain.finished()
            context.triggerUserOutboundEvent(ResponseWritten(), promise: nil)
            if let refusal = handler.pendingRefusal {
                handler.pendingRefusal = nil
                handler.refuse(context, refusal)
            } else if !keepAlive {
                context.close(promise: nil)
            }
        }
    }
}

/// The largest body each route accepts: `Route.maxBodySize` where a route declares one (an upload), otherwise
/// `Routes.defaultMaxBodySize`. Built once from the registered routes when the server starts, and only read after
/// (so shared between the event loops although RoutingKit's router is not marked `Sendable`).
struct RouteBodyLimits: @unchecked Sendable {
    let defaultLimit: Int
    private let router: TrieRouter<Int>

    init(routes: Routes) {
        defaultLimit = routes.defaultMaxBodySize.value
        let router = TrieRouter(Int.self, options: routes.caseInsensitive ? [.caseInsensitive] : [])
        for route in routes.all {
            guard let limit = route.userInfo[Route.maxBodySizeKey] as? Int else { continue }
            router.register(limit, at: [.constant(route.method.rawValue)] + route.path)
        }
        self.router = router
    }

    func limit(_ method: HTTPMethod, _ uri: String) -> Int {
        var parameters = Parameters()
        let path = URI(string: uri).path.split(separator: "/").map(String.init)
        return router.route(path: [method.rawValue] + path, parameters: &parameters) ?? defaultLimit
    }
}

/// The `Date` header's format (RFC 9110 §5.6.7, IMF-fixdate).
enum HTTPDate {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        return calendar
    }()
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func string(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }
}
