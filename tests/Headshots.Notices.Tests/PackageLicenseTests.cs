namespace Headshots.Notices.Tests;

public sealed class PackageLicenseTests : IDisposable
{
    private const string LesserGplOrLater =
        "This program is free software: you can redistribute it and/or modify it under the terms of the GNU Lesser General Public " +
        "License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.";

    private readonly ScratchPackages _packages = new();

    public void Dispose() => _packages.Dispose();

    [Fact]
    public void A_licence_expression_and_the_nuspec_copyright_are_taken_as_stated()
    {
        var license = PackageLicense.Read(_packages.Package("Plain", "1.0.0", """<license type="expression">MIT</license>""", "Copyright © Plain Ltd"));

        Assert.Equal("MIT", license.Expression);
        Assert.Equal("MIT", Assert.Single(license.Terms).Id);
        Assert.Equal("Copyright © Plain Ltd", license.Copyright);
        Assert.Null(license.LicenseFile);
        Assert.Empty(license.NoticeFiles);
    }

    [Fact]
    public void A_licence_file_is_read_for_its_licence_and_for_the_copyright_the_nuspec_leaves_out()
    {
        var license = PackageLicense.Read(_packages.Package("Queue", "2.0.0", """<license type="file">LICENSE.md</license>""", null,
            ("LICENSE.md", $"License\n=======\n\nCopyright © 2013-2026 Queue OÜ.\n\n{LesserGplOrLater}\n"),
            ("ThirdPartyNotices.txt", "bundled code")));

        Assert.Equal("LGPL-3.0-or-later", license.Expression);
        Assert.True(Assert.Single(license.Terms).Permitted);
        Assert.Equal("Copyright © 2013-2026 Queue OÜ.", license.Copyright);
        Assert.Equal("LICENSE.md", license.LicenseFile);
        Assert.Equal(["ThirdPartyNotices.txt"], license.NoticeFiles);
    }

    [Fact]
    public void Without_any_copyright_the_authors_are_named()
    {
        var license = PackageLicense.Read(_packages.Package("Quiet", "1.0.0", """<license type="expression">Apache-2.0</license>"""));

        Assert.Equal("not stated (authors: Someone Else)", license.Copyright);
    }

    [Theory]
    [InlineData("GPL-3.0-only")]
    [InlineData("AGPL-3.0-only")]
    public void A_strong_copyleft_library_stops_the_generator(string expression)
    {
        var e = Assert.Throws<NoticesException>(() => PackageLicense.Read(_packages.Package("Viral", "1.0.0", $"""<license type="expression">{expression}</license>""")));

        Assert.Contains($"Viral 1.0.0 is licensed {expression}", e.Message, StringComparison.Ordinal);
        Assert.Contains("an Apache-2.0 app cannot use it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_licence_nobody_has_read_stops_the_generator_with_what_to_do()
    {
        var e = Assert.Throws<NoticesException>(() => PackageLicense.Read(_packages.Package("Odd", "1.0.0", """<license type="expression">WTFPL</license>""")));

        Assert.Equal("Odd 1.0.0: licence WTFPL has not been reviewed; read its terms and add it to LicenseTerms.Known.", e.Message);
    }

    [Fact]
    public void A_package_with_only_a_licence_url_needs_a_reviewed_entry()
    {
        var e = Assert.Throws<NoticesException>(() => PackageLicense.Read(
            _packages.Package("Old", "0.1.0", "<licenseUrl>https://example.com/license.txt</licenseUrl>")));

        Assert.Equal("Old 0.1.0 names no licence expression or file, only the URL https://example.com/license.txt; read it and add a reviewed entry to ReviewedLicenses.", e.Message);
    }

    [Fact]
    public void The_reviewed_licence_of_a_url_only_package_is_used()
    {
        var license = PackageLicense.Read(_packages.Package("xunit.abstractions", "2.0.3", "<licenseUrl>https://example.com/license.txt</licenseUrl>"));

        Assert.Equal("Apache-2.0", license.Expression);
    }

    [Fact]
    public void A_licence_file_in_words_nobody_has_read_stops_the_generator()
    {
        var e = Assert.Throws<NoticesException>(() => PackageLicense.Read(
            _packages.Package("Custom", "1.0.0", """<license type="file">EULA.txt</license>""", null, ("EULA.txt", "You may look but not touch."))));

        Assert.Contains("cannot tell which licence EULA.txt is", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MIT OR GPL-3.0-only", "MIT")]
    [InlineData("GPL-3.0-only OR Apache-2.0", "Apache-2.0")]
    [InlineData("MIT AND BSD-3-Clause", "MIT,BSD-3-Clause")]
    public void Of_alternatives_the_first_permitted_one_is_chosen_and_all_parts_of_a_conjunction_apply(string expression, string chosen)
    {
        Assert.Equal(chosen.Split(','), LicenseExpression.Choose(expression, "p").Select(t => t.Id));
    }

    [Theory]
    [InlineData("MIT AND GPL-3.0-only")]
    [InlineData("(MIT OR Apache-2.0)")]
    [InlineData("GPL-2.0-only WITH Classpath-exception-2.0")]
    public void A_conjunction_with_copyleft_or_an_expression_beyond_the_reader_is_refused(string expression)
    {
        Assert.Throws<NoticesException>(() => LicenseExpression.Choose(expression, "p"));
    }

    [Theory]
    [InlineData("Permission is hereby granted, free of charge, to any person obtaining a copy", "MIT")]
    [InlineData("                                 Apache License\n                           Version 2.0, January 2004", "Apache-2.0")]
    [InlineData("licensed under the terms of the LGPLv3 license", "LGPL-3.0-only")]
    [InlineData(LesserGplOrLater, "LGPL-3.0-or-later")]
    [InlineData("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007", "GPL-3.0-only")]
    [InlineData("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007", "AGPL-3.0-only")]
    [InlineData("Redistribution and use in source and binary forms ... Neither the name of Google Inc.", "BSD-3-Clause")]
    public void Licence_files_are_told_apart_by_their_wording(string text, string id)
    {
        Assert.Equal(id, LicenseFiles.Identify(text));
    }
}
