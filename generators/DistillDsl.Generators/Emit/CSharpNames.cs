using System.Text;

namespace DistillDsl.Generators.Emit
{
    /// <summary>C# identifiers for config, teacher and tap names (snake_case, <c>^[a-z][a-z0-9_]*$</c>).</summary>
    public static class CSharpNames
    {
        /// <summary>PascalCase that no two names share: each <c>_</c>-separated part is capitalised and joined, and an
        /// underscore is kept where dropping it would merge names: before a part that starts with a digit
        /// (<c>layers_1_2</c> → <c>Layers_1_2</c>, unlike <c>layers12</c> → <c>Layers12</c>) and for every empty part
        /// (<c>a__b</c> → <c>A_B</c>, <c>a_</c> → <c>A_</c>).</summary>
        public static string Pascal(string snakeName)
        {
            string[] parts = snakeName.Split('_');
            var name = new StringBuilder(snakeName.Length);
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i];
                if (part.Length == 0)
                {
                    name.Append('_');
                }
                else if (char.IsDigit(part[0]))
                {
                    if (i > 0) name.Append('_');
                    name.Append(part);
                }
                else
                {
                    name.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
                }
            }
            return name.ToString();
        }

        /// <summary>The generated graph class of a config: <c>reduced_student_paper</c> → <c>ReducedStudentPaperGraph</c>.</summary>
        public static string GraphClass(string configName) => Pascal(configName) + "Graph";

        /// <summary>The nested constants class of a teacher: <c>resnet</c> → <c>ResnetTeacher</c>. The suffix keeps
        /// teacher classes apart from every other member of the graph class, whatever the teachers are called.</summary>
        public static string TeacherClass(string teacherName) => Pascal(teacherName) + "Teacher";

        /// <summary>The nested constants class of a tap inside its teacher's class: <c>layer1</c> → <c>Layer1</c>.</summary>
        public static string TapClass(string tapName) => Pascal(tapName);

        /// <summary>The <c>Features</c> property of a (teacher, tap) pair: <c>resnet</c>, <c>layer1</c> → <c>ResnetLayer1</c>.</summary>
        public static string FeatureProperty(string teacherName, string tapName) => Pascal(teacherName) + Pascal(tapName);
    }
}
