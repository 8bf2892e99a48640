namespace DistillDsl.Data;

/// <summary>Decodes every sample once, in parallel, to find the unreadable ones before any work depends on them: training
/// screens its images this way when it has no cache (the cache build decodes them anyway), so that a bad image stops the
/// run, or is left out of it, before the first epoch, and so that cached and uncached runs train on the same list.</summary>
internal static class SampleScreening
{
    /// <summary>The samples that can be read, in their order, and a problem per sample that cannot.</summary>
    /// <exception cref="DatasetException">Under <see cref="BadSamplePolicy.Stop"/>: the first unreadable sample, in sample order.</exception>
    public static (IReadOnlyList<DatasetSample> Readable, IReadOnlyList<SampleProblem> Problems) Screen(
        IReadOnlyList<DatasetSample> samples, BadSamplePolicy policy)
    {
        var errors = new DatasetException?[samples.Count];
        Parallel.For(0, samples.Count, i =>
        {
            try { ImagePreprocessing.ReadSample(samples[i]); }
            catch (DatasetException e) { errors[i] = e; }
        });
        var readable = new List<DatasetSample>(samples.Count);
        var problems = new List<SampleProblem>();
        for (int i = 0; i < samples.Count; i++)
        {
            if (errors[i] is not DatasetException error)
            {
                readable.Add(samples[i]);
                continue;
            }
            if (policy == BadSamplePolicy.Stop) throw error;
            problems.Add(new SampleProblem(samples[i], error.Path, error.Reason));
        }
        return (readable, problems);
    }
}
