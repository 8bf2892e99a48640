using System.Collections;
using System.Reflection;
using DistillDsl.Generators.Tests.Support;

namespace DistillDsl.Generators.Tests;

/// <summary>What the pipeline caches holds no Roslyn object (symbols, syntax, compilations, texts), only plain values,
/// so caching compares by value and keeps no compilation alive.</summary>
public class PipelineStateTests
{
    [Fact]
    public void TrackedStepOutputsHoldNoRoslynObjects()
    {
        var run = GeneratorHarness.Run(ShippedConfigs.All().Append(new InMemoryAdditionalText(TinyConfig.Path, TinyConfig.With("  kind: max", "  kind: median"))));

        int visited = 0;
        foreach (string step in TrackingNames.All)
        {
            foreach (var output in run.Result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                visited += AssertPlain(output.Value, $"{step}", new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
        Assert.True(visited > 100, $"only {visited} values visited");
    }

    private static int AssertPlain(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 1;
        if (!value.GetType().IsValueType && !seen.Add(value)) return 0;
        string assembly = value.GetType().Assembly.GetName().Name!;
        Assert.False(assembly.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal), $"{path} holds a {value.GetType().FullName}");

        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items) count += AssertPlain(item, $"{path}[{i++}]", seen);
            return count;
        }
        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            count += AssertPlain(property.GetValue(value), $"{path}.{property.Name}", seen);
        }
        return count;
    }
}
