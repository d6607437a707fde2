import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Vapor

/// The HTTP/1.1 server `bluelamp serve` runs, in place of Vapor's own (issue 21, item 7). Vapor 4.122's
/// `HTTPServer` builds each connection's pipeline itself and offers no way to put a handler in front of NIO's
/// HTTP decoder, which waits for a request head of up to 80 KB without limit of time and closes a longer one
/// without an answer. This server builds the pipeline with `RequestHeadGuard` first (request line, header and
/// time limits), then NIO's codec with its pipelining handler, then `ServedRequestHandler` (which also answers a
/// malformed request with 400), which gives each request to the application's responder exactly as Vapor's
/// server does, its body collected up to its route's limit.
///
/// It reads `app.http.server.configuration` (address, backlog, address reuse, `TCP_NODELAY`) and the
/// `RequestLimits` in the settings. On shutdown (issue 21, item 3) it first refuses every new request with 503 and a
/// `Retry-After`, on new connections and open ones alike, and waits up to `RequestLimits.shutdownGrace` for the
/// requests it is answering; then it stops listening, asks every connection to close once its answer is written
/// (NIO's quiescing), and closes what is left. `serve` calls this before the application closes its databases, so a
/// request in flight finishes its transaction; one cut off at the grace period's end is rolled back.
final class BluelampServer: Server, @unchecked Sendable {
    /// Unowned: the application keeps its server, not the other way round.
    private unowned let application: Application
    private let limits: RequestLimits
    private let drain = ServerDrain()
    private let lock = NSLock()
    private var channel: (any Channel)?
    private var connections: [ObjectIdentifier: any Channel] = [:]

    init(application: Application, limits: RequestLimits) {
        self.application = application
        self.limits = limits
    }

    /// Where the server listens once started (with the port the system chose when asked for port 0).
    var localAddress: SocketAddress? { lock.withLock { channel?.localAddress } }

    /// Whether stopping has begun (new requests are answered 503), and how many requests are being answered.
    var isStopping: Bool { drain.isStopping }
    var inFlight: Int { drain.inFlight }

    var onShutdown: EventLoopFuture<Void> {
        guard let channel = lock.withLock({ channel }) else {
            return application.eventLoopGroup.any().makeSucceededVoidFuture()
        }
        return channel.closeFuture
    }

    func start(address: BindAddress?) async throws {
        let configuration = application.http.server.configuration
        let responder = application.responder.current
        let bodyLimits = RouteBodyLimits(routes: application.routes)
        let (application, limits, drain) = (application, limits, drain)
        let bootstrap = ServerBootstrap(group: application.eventLoopGroup)
            .serverChannelOption(.backlog, value: Int32(configuration.backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: configuration.reuseAddress ? 1 : 0)
            .childChannelOption(.socketOption(.tcp_nodelay), value: configuration.tcpNoDelay ? 1 : 0)
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { [weak self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(RequestHeadGuard(limits: limits))
                    // Parse errors are answered by ServedRequestHandler through the guard (NIO's own error handler
                    // would write a 400 into a connection already closing after shutdown, which NIO asserts on).
                    try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
                    try pipeline.addHandler(
                        ServedRequestHandler(
                            application: application, responder: responder, limits: limits, bodyLimits: bodyLimits,
                            drain: drain))
                    self?.track(channel)
                }
            }
        let bound: any Channel
        switch address ?? .hostname(nil, port: nil) {
        case .hostname(let host, let port):
            bound = try await bootstrap.bind(
                host: host ?? configuration.hostname, port: port ?? configuration.port
            ).get()
        case .unixDomainSocket(let path):
            bound = try await bootstrap.bind(unixDomainSocketPath: path).get()
        }
        lock.withLock { channel = bound }
        if let local = bound.localAddress, let host = local.ipAddress, let port = local.port {
            configuration.logger.notice("Server started on http://\(host):\(port)")
        }
    }

    func start(address: BindAddress?) throws {
        let done = application.eventLoopGroup.any().makePromise(of: Void.self)
        done.completeWithTask { try await self.start(address: address) }
        try done.futureResult.wait()
    }

    func shutdown() async {
        guard let listener = lock.withLock({ channel }) else { return }
        let logger = application.logger
        drain.stop()
        let inFlight = drain.inFlight
        if inFlight > 0 {
            logger.notice(
                "Stopping: new requests are answered 503; waiting up to \(Int(limits.shutdownGrace)) s for \(inFlight) in flight"
            )
        }
        let left = await drain.waitForAdmitted(until: Date().addingTimeInterval(limits.shutdownGrace))
        if left > 0 { logger.warning("Stopping: \(left) requests still in flight after the grace period are cut off") }
        try? await listener.close().get()
        let open = lock.withLock { Array(connections.values) }
        for connection in open {
            connection.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
        // A connection still answering after the grace period is closed a moment after being asked to finish.
        let deadline = NIODeadline.now() + .seconds(1)
        for connection in open {
            let closed = connection.closeFuture
            let loop = connection.eventLoop
            let timer = loop.scheduleTask(deadline: deadline) { connection.close(promise: nil) }
            try? await closed.get()
            timer.cancel()
        }
        lock.withLock { channel = nil }
    }

    func shutdown() {
        let done = application.eventLoopGroup.any().makePromise(of: Void.self)
        done.completeWithTask { await self.shutdown() }
        try? done.futureResult.wait()
    }

    private func track(_ connection: any Channel) {
        let id = ObjectIdentifier(connection)
        lock.withLock { connections[id] = connection }
        connection.closeFuture.whenComplete { [weak self] _ in
            self?.lock.withLock { _ = self?.connections.removeValue(forKey: id) }
        }
    }
}

extension Application {
    /// The running `BluelampServer`, when the application serves through it (for its address in tests).
    var bluelampServer: BluelampServer? { server as? BluelampServer }
}
