mod inner {
    #[private_tracker::private_tracker]
    pub(super) fn visible_tracker() -> u8;

    #[private_tracker::private_tracker]
    fn hidden_tracker() -> u8;
}

fn main() {
    let _ = inner::visible_tracker();
    let _: Option<inner::HiddenTracker> = None;
}
