// One test class at a time: several set LibTorch's process-wide thread count (timing sweeps, TorchThreads), and changing
// it while another thread's convolutions run gave NaN and wrong features (seen on an AMD EPYC with AVX-512, in the
// MixedTeacher tests whose random EfficientNet teachers have tiny activations); on two cores the tests gain little from
// running side by side, since LibTorch already uses both.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
