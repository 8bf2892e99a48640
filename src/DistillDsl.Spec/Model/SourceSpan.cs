namespace DistillDsl.Spec.Model
{
    /// <summary>Where a node of a config file sits: 1-based lines and columns, like compiler messages.
    /// The end is exclusive (the position just past the node's last character).</summary>
    public sealed record SourceSpan(string FilePath, int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        /// <summary>A span that points at the start of a file, for nodes that have no text of their own
        /// (a default value, an empty file).</summary>
        public static SourceSpan StartOf(string filePath) => new SourceSpan(filePath, 1, 1, 1, 1);

        /// <summary><c>path(line,column)</c>, the form compilers print before a message.</summary>
        public override string ToString() => $"{FilePath}({StartLine},{StartColumn})";
    }
}
