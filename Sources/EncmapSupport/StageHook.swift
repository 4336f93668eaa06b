import Foundation

/// A deterministic stopping point for the kill tests: when the environment variable
/// `ENCMAP_TEST_STOP_AT` names a stage, the process kills itself with SIGKILL on reaching it, exactly
/// as an out-of-memory killer or a cluster's time limit would, so the tests can check what a killed
/// command leaves behind at every stage without racing a timer. Unset (always, outside tests), it
/// costs one dictionary look-up per stage.
public enum StageHook {
    /// Marks reaching `stage` (e.g. `run.staged`, `features.cache-entry-written`).
    public static func reached(_ stage: String) {
        guard let wanted = ProcessInfo.processInfo.environment["ENCMAP_TEST_STOP_AT"], wanted == stage else { return }
        kill(getpid(), SIGKILL)
    }
}
