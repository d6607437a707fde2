import Foundation

/// What the server accepts from a connection before any route sees it (issue 21, item 7: hostile requests).
/// A request line or header section past its limit is answered 414 or 431 as soon as the limit is crossed, a
/// body past its route's limit 413 as soon as its `Content-Length` (or the bytes so far) shows it, a head not
/// completed in time 408, and a connection idle between requests is closed.
///
/// The sizes follow common practice: 8 KiB for the request line (RFC 9112 §3 recommends supporting at least
/// 8000 octets; nginx's default buffer is 8 KiB) and 32 KiB for all header fields together (four of nginx's
/// 8 KiB `large_client_header_buffers`). The longest address Bluelamp makes is a filtered list of a few hundred
/// bytes, and a signed-in browser sends well under 2 KiB of headers.
public struct RequestLimits: Sendable, Equatable {
    /// Longest request line (method, target and version), in bytes, without its line ending.
    public var requestLineBytes: Int = 8 * 1024
    /// Longest header section (every header line after the request line, with line endings), in bytes.
    public var headerBytes: Int = 32 * 1024
    /// How long a client has to send a whole request head once its first byte has arrived
    /// (`BLUELAMP_HEAD_TIMEOUT_SECONDS`, default 20): a client trickling its head is cut off with 408. It also
    /// bounds a gap in a body: a body with nothing arriving for this long is cut off with 408.
    public var headTimeout: TimeInterval = 20
    /// How long a connection may wait for its next request with nothing in flight
    /// (`BLUELAMP_IDLE_TIMEOUT_SECONDS`, default 75, longer than a load balancer's usual 60 s pool timeout).
    public var idleTimeout: TimeInterval = 75
    /// How long, after a refusal, the server keeps reading (and discarding) what the client is still sending
    /// before it closes, so the client reads the refusal rather than a connection reset.
    public var lingerAfterRefusal: TimeInterval = 2
    /// How long a stopping server waits for the requests it is answering (`BLUELAMP_SHUTDOWN_GRACE_SECONDS`,
    /// default 20) while it refuses new ones with 503; what is still running then is cut off, and its database
    /// transaction is rolled back.
    public var shutdownGrace: TimeInterval = 20

    public init() {}

    /// Reads the timeouts from the environment; a bad value is refused with the variable's name.
    init(environment env: [String: String]) throws {
        self.init()
        headTimeout = try Self.seconds(env, "BLUELAMP_HEAD_TIMEOUT_SECONDS") ?? headTimeout
        idleTimeout = try Self.seconds(env, "BLUELAMP_IDLE_TIMEOUT_SECONDS") ?? idleTimeout
        shutdownGrace = try Self.seconds(env, "BLUELAMP_SHUTDOWN_GRACE_SECONDS") ?? shutdownGrace
    }

    private static func seconds(_ env: [String: String], _ key: String) throws -> TimeInterval? {
        guard let raw = env[key], !raw.isEmpty else { return nil }
        guard let n = Int(raw), (1...3600).contains(n) else {
            throw Settings.Invalid(description: "\(key) must be a whole number of seconds from 1 to 3600")
        }
        return TimeInterval(n)
    }
}
