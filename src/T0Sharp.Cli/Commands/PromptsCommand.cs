using System.CommandLine;
using System.Text;
using T0Sharp.Core;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp prompts list | validate | render</c>: browse, check and apply promptsource templates (the built-in
/// P3 collection unless <c>--templates DIR</c> points elsewhere). Contracts are fixed by issue 2, item 5.
/// </summary>
public static class PromptsCommand
{
    public static Command Create()
    {
        var cmd = new Command("prompts", "List, validate and render promptsource templates");
        cmd.Subcommands.Add(List());
        cmd.Subcommands.Add(Validate());
        cmd.Subcommands.Add(Render());
        return cmd;
    }

    static Option<string?> TemplatesOption() => new("--templates")
    { Description = "Templates folder (<dataset>[/<subset>]/templates.yaml); default: the built-in P3 collection" };

    static TemplateCollection Open(string? dir)
    {
        if (dir is null) return TemplateCollection.Default;
        if (!Directory.Exists(dir)) throw new UserError($"--templates {dir}: no such folder");
        var collection = TemplateCollection.Load(dir);
        if (collection.Keys.Count == 0)
            throw new UserError($"--templates {dir}: no templates.yaml in it (expected <dataset>[/<subset>]/templates.yaml)");
        return collection;
    }

    static Command List()
    {
        var templates = TemplatesOption();
        var dataset = new Option<string?>("--dataset") { Description = "Only this dataset" };
        var subset = new Option<string?>("--subset") { Description = "Only this subset (with --dataset)" };
        var cmd = new Command("list", "List datasets, or the templates of one dataset") { templates, dataset, subset };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var collection = Open(parse.GetValue(templates));
            var ds = parse.GetValue(dataset);
            var sub = parse.GetValue(subset);
            if (ds is null)
            {
                if (sub is not null) throw new UserError("--subset needs --dataset");
                var unreadable = 0;
                foreach (var (d, s) in collection.Keys)
                {
                    var key = s is null ? d : $"{d}/{s}";
                    try { Console.WriteLine($"{key}\t{collection.Get(d, s).Templates.Count} templates"); }
                    catch (TemplateLoadException e)
                    {
                        Console.WriteLine($"{key}\tunreadable (run 'prompts validate')");
                        Console.Error.WriteLine($"error: {e.Message}");
                        unreadable++;
                    }
                }
                return unreadable == 0 ? 0 : 1;
            }
            var keys = sub is not null || collection.Contains(ds) ? [(ds, sub)]
                : collection.SubsetsOf(ds).Select(s => (ds, (string?)s)).ToList();
            if (keys.Count == 0) collection.Get(ds);  // throws naming the closest datasets
            foreach (var (d, s) in keys)
            {
                var file = collection.Get(d, s);
                Console.WriteLine($"# {file.Key} ({file.Templates.Count} templates)");
                foreach (var t in file.Templates)
                {
                    var choices = t.AnswerChoices is null ? "none" : t.GetFixedAnswerChoices() is { } f ? $"fixed({f.Count})" : "dynamic";
                    Console.WriteLine($"{t.Name}\t{t.Id}\toriginal_task={(t.Metadata.OriginalTask ? "true" : "false")}\t" +
                        $"answer_choices={choices}\tmetrics={string.Join(",", t.Metadata.Metrics)}");
                }
            }
            return 0;
        }));
        return cmd;
    }

    static Command Validate()
    {
        var templates = TemplatesOption();
        var cmd = new Command("validate", "Check every templates.yaml; prints file:line:col: message per problem") { templates };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var collection = Open(parse.GetValue(templates));
            var problems = collection.Validate();
            foreach (var p in problems) Console.WriteLine(p with { File = Display(p.File) });
            if (problems.Count > 0)
            {
                Console.Error.WriteLine($"{problems.Count} problem(s) in {collection.Directory}");
                return 1;
            }
            var files = collection.Keys.Count;
            var count = collection.All.Sum(f => f.Templates.Count);
            Console.Error.WriteLine($"ok: {files} files, {count} templates in {collection.Directory}");
            return 0;
        }));
        return cmd;
    }

    static Command Render()
    {
        var templates = TemplatesOption();
        var dataset = new Option<string>("--dataset") { Description = "Dataset name (e.g. super_glue)", Required = true };
        var subset = new Option<string?>("--subset") { Description = "Subset name (e.g. rte)" };
        var input = new Option<string>("--input") { Description = "Examples, one JSON object per line", Required = true };
        var output = new Option<string>("--output") { Description = "Output JSON lines (written atomically)", Required = true };
        var seed = new Option<long>("--seed") { Description = "Example i is rendered after random.seed(SEED + i)", DefaultValueFactory = _ => 0 };
        var names = new Option<string[]>("--template") { Description = "Only this template (repeatable); default: all, in ordinal order of name" };
        var cmd = new Command("render", "Apply templates to examples as promptsource's Template.apply(example, truncate=True) does")
        { templates, dataset, subset, input, output, seed, names };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var file = Open(parse.GetValue(templates)).Get(parse.GetValue(dataset)!, parse.GetValue(subset));
            var wanted = parse.GetValue(names) ?? [];
            foreach (var n in wanted) _ = file[n];  // unknown names fail before any work, listing the available ones
            var selected = wanted.Length == 0 ? file.Templates : file.Templates.Where(t => wanted.Contains(t.Name, StringComparer.Ordinal)).ToList();
            var inputPath = parse.GetValue(input)!;
            if (!File.Exists(inputPath)) throw new UserError($"input file not found: {inputPath}");
            var lines = PromptRenderer.ReadExampleLines(inputPath);
            if (lines.Count == 0) throw new UserError($"--input {inputPath}: no examples (one JSON object per line)");
            int records = 0, errors = 0;
            string? firstError = null;
            AtomicFile.Write(parse.GetValue(output)!, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
                foreach (var record in PromptRenderer.Render(selected, lines, parse.GetValue(seed), inputPath))
                {
                    writer.WriteLine(record.ToJson());
                    records++;
                    if (record.Error is not null) { errors++; firstError ??= $"example {record.Example}, template '{record.Template}': {record.Error}"; }
                }
            });
            Console.Error.WriteLine($"rendered {lines.Count} example(s) x {selected.Count} template(s) = {records} record(s), {errors} error(s) -> {parse.GetValue(output)}");
            if (records > 0 && errors == records)
            {
                Console.Error.WriteLine($"error: every record is an error (the first: {firstError}); see the \"error\" fields in {parse.GetValue(output)}");
                return 1;
            }
            return 0;
        }));
        return cmd;
    }

    static string Display(string path)
    {
        var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
    }

}
