using T0Sharp.Prompts.Templates;

namespace T0Sharp.Prompts.Tests.Templates;

public class RenderRecordTests
{
    [Fact]
    public void Json_line_matches_Python_json_dumps_with_ensure_ascii_false()
    {
        var r = new RenderRecord(3, "name with spaces é", "id-1", ["a\"b\\c\n\t\u0001\u007f", "😍 \u2028"], null, null);
        Assert.Equal("{\"example\": 3, \"template\": \"name with spaces é\", \"id\": \"id-1\", " +
                     "\"parts\": [\"a\\\"b\\\\c\\n\\t\\u0001\u007f\", \"😍 \u2028\"], \"answer_choices\": null, \"error\": null}", r.ToJson());
        var err = new RenderRecord(0, "t", "i", [], ["x"], "IndexError: Cannot choose from an empty sequence");
        Assert.Equal("{\"example\": 0, \"template\": \"t\", \"id\": \"i\", \"parts\": [], \"answer_choices\": [\"x\"], " +
                     "\"error\": \"IndexError: Cannot choose from an empty sequence\"}", err.ToJson());
    }
}
