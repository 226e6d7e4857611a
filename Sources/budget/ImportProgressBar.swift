import Import

extension ImportOptions {
    /// Shows a ``ProgressBar`` on standard error while a file's forms are read and written: only on a terminal,
    /// only once the import has taken more than a second, erased when each file is done.
    mutating func showProgress() {
        let bar = ProgressBar(steps: 1)
        progress = { event in
            switch event.stage {
            case .done: bar.finish()
            default: bar.show(event.done, of: event.total, "\(event.stage.rawValue) of \(event.file)")
            }
        }
    }
}
