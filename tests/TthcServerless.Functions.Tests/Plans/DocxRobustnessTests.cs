using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using TthcServerless.Domain.Plans;
using TthcServerless.Functions.Plans;

namespace TthcServerless.Functions.Tests.Plans;

/// <summary>Crafted or broken Word files: each is a format error (a 400) or a bounded read, never a crash or an endless loop.</summary>
public sealed class DocxRobustnessTests
{
    private static readonly string[] Header = ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"];

    [Fact]
    public void A_huge_grid_span_is_clamped_instead_of_filling_memory()
    {
        var docx = Build(new TableRow(
            new TableCell(new TableCellProperties(new GridSpan { Val = 2_000_000_000 }), Paragraph("I. MỤC"))));

        var watch = Stopwatch.StartNew();
        var table = DocxPlanReader.Read(docx);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        var row = Assert.Single(table.Rows);
        Assert.Equal(DocxPlanReader.MaxGridSpan, row.Cells.Count);
        Assert.Equal("I. MỤC", row.Cells[0]);
    }

    [Fact]
    public void A_part_longer_than_the_character_limit_is_a_format_error()
    {
        var docx = Build(new TableRow(Header.Select(_ => new TableCell(Paragraph(new string('x', 20_000))))));

        var error = Assert.Throws<PlanFormatException>(() => DocxPlanReader.Read(docx, maxCharactersInPart: 10_000));
        Assert.IsType<XmlException>(error.InnerException);
    }

    [Fact]
    public void The_character_limit_is_set_by_default()
    {
        Assert.InRange(DocxPlanReader.MaxCharactersInPart, 1, 100_000_000);
    }

    [Fact]
    public void A_malformed_document_part_is_a_format_error()
    {
        var docx = ReplaceEntry(Build(), "word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>");

        var error = Assert.Throws<PlanFormatException>(() => DocxPlanReader.Read(docx));
        Assert.IsType<XmlException>(error.InnerException);
    }

    [Fact]
    public void A_corrupt_zip_is_a_format_error()
    {
        byte[] docx = [.. "PK\u0003\u0004"u8, .. Enumerable.Repeat((byte)0x5A, 200)];

        Assert.Throws<PlanFormatException>(() => DocxPlanReader.Read(docx));
    }

    private static byte[] Build(params TableRow[] rows)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var table = new Table(new TableRow(Header.Select(h => new TableCell(Paragraph(h)))));
            foreach (var row in rows)
            {
                table.AppendChild(row);
            }

            main.Document = new Document(new Body(Paragraph("KẾ HOẠCH"), table));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static byte[] ReplaceEntry(byte[] package, string name, string content)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
            writer.Write(content);
        }

        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text) => new(new Run(new Text(text)));
}
