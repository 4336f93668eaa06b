import Foundation

/// A deterministic stopping point for the kill tests: when the environment variable
/// `ENCMAP_TEST_STOP_AT` names a stage, the process kills itself with SIGKILL on reaching it, exactly
/// as an out-of-memory killer or a cluster's time limit would, so the tests can check what a killed
/// command leaves behind at every stage without racing a timer. The variable is read once per process;
/// unset (always, outside tests), a stage costs one comparison with nil.
///
/// `ENCMAP_TEST_EXEC_AT` names a stage at which the process instead runs `/bin/sh -c "$ENCMAP_TEST_EXEC"`
/// and waits for it, then goes on: the tests use it to change the world at an exact point of a command
/// (an input replaced after it was read), again without a timer.
public enum StageHook {
    /// The stage named by `ENCMAP_TEST_STOP_AT`, if any.
    private static let wanted = ProcessInfo.processInfo.environment["ENCMAP_TEST_STOP_AT"]
    /// The stage named by `ENCMAP_TEST_EXEC_AT` and the command of `ENCMAP_TEST_EXEC`, if both are set.
    private static let exec: (stage: String, command: String)? = {
        let env = ProcessInfo.processInfo.environment
        guard let stage = env["ENCMAP_TEST_EXEC_AT"], let command = env["ENCMAP_TEST_EXEC"] else { return nil }
        return (stage, command)
    }()

    /// Marks reaching `stage` (e.g. `output.staged`, `features.cache-entry-written`).
    public static func reached(_ stage: String) {
        if let exec, exec.stage == stage {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", exec.command]
            if (try? p.run()) != nil { p.waitUntilExit() }
        }
        guard let wanted, wanted == stage else { return }
        kill(getpid(), SIGKILL)
    }
}
