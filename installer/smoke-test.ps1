# Smoke-test a built or installed kehu program on Windows (installer/smoke-test.sh on Linux):
#   installer\smoke-test.ps1 -Kehu dist\kehu-desktop\kehu.exe -Python .venv\Scripts\python.exe
#   installer\smoke-test.ps1 -Kehu "$env:ProgramFiles\Kehu Desktop\kehu.exe" -Python ...
# -Python runs installer\pdf_font_embedded.py (pypdf) in place of poppler's pdffonts.
# Each step uses a fresh data folder: `kehu --version`, the demo branch created, a slip saved as
# PDF with the CJK font embedded, and kehu-desktop started offscreen for a few seconds: still
# running, no traceback in its log, a database made.
param(
    [Parameter(Mandatory = $true)][string]$Kehu,
    [string]$KehuDesktop = (Join-Path (Split-Path -Parent $Kehu) "kehu-desktop.exe"),
    [Parameter(Mandatory = $true)][string]$Python,
    [int]$Seconds = 10
)
$ErrorActionPreference = "Stop"
# The program writes UTF-8 when its output is piped (installer\launcher.py).
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("kehu-smoke-" + [guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null

function Fail([string]$why) { throw "smoke test FAILED: $why" }
function Step([string]$what) { Write-Host "smoke test: $what" }
function Run([string[]]$arguments) {
    $out = & $Kehu @arguments
    if ($LASTEXITCODE -ne 0) { Fail "kehu $($arguments -join ' ') exited with $LASTEXITCODE" }
    return $out
}

try {
    $version = (Run @("--version")) -join ""
    if ($version -notmatch '^kehu \d+\.\d+') { Fail "kehu --version said '$version'" }
    Step $version

    $env:KEHU_DATA_DIR = Join-Path $work "data"
    $demo = Run @("demo", "--customers", "20")
    if (-not (Test-Path (Join-Path $env:KEHU_DATA_DIR "kehu.sqlite3"))) { Fail "no database in the data folder" }
    $number = ((Run @("slip", "list")) | Select-Object -First 1).Split("`t")[0]
    if (-not $number) { Fail "the demo branch has no slips" }
    Step "demo branch created; slip $number"

    # Printing is the clerk's: as the demo clerk, with the password demo printed.
    $clerk = $demo | Where-Object { $_ -match '^clerk\s' } | Select-Object -First 1
    if (-not $clerk) { Fail "kehu demo printed no password for clerk" }
    $password = ($clerk.Trim() -split '\s+')[-1]
    $pdf = Join-Path $work "slip.pdf"
    $password | & $Kehu slip pdf $number -o $pdf --user clerk --password-stdin
    if ($LASTEXITCODE -ne 0) { Fail "kehu slip pdf exited with $LASTEXITCODE" }
    & $Python (Join-Path $here "pdf_font_embedded.py") $pdf
    if ($LASTEXITCODE -ne 0) { Fail "the CJK font is not embedded in the slip" }
    Step "slip PDF with the font embedded ($((Get-Item $pdf).Length) bytes)"

    # kehu-desktop is a windowed program: an unhandled error would show a dialog and wait, so
    # "still running" alone proves little; its log and the database it makes say more.
    $env:KEHU_DATA_DIR = Join-Path $work "gui-data"
    $env:QT_QPA_PLATFORM = "offscreen"
    $gui = Start-Process -FilePath $KehuDesktop -PassThru
    Start-Sleep -Seconds $Seconds
    $running = -not $gui.HasExited
    if ($running) { Stop-Process -Id $gui.Id -Force; $gui.WaitForExit() }
    Remove-Item Env:QT_QPA_PLATFORM
    if (-not $running) { Fail "kehu-desktop ended within $Seconds s (exit code $($gui.ExitCode))" }
    $logs = Get-ChildItem -Path $env:KEHU_DATA_DIR -Recurse -Filter *.log -ErrorAction SilentlyContinue
    if ($logs | Select-String -Pattern "Traceback" -SimpleMatch -Quiet) {
        $logs | Get-Content | Write-Host
        Fail "kehu-desktop logged a traceback"
    }
    if (-not (Test-Path (Join-Path $env:KEHU_DATA_DIR "kehu.sqlite3"))) { Fail "kehu-desktop made no database in a fresh data folder" }
    Step "kehu-desktop ran $Seconds s offscreen on a fresh data folder"
    Write-Host "smoke test passed: $Kehu"
}
finally {
    Remove-Item Env:KEHU_DATA_DIR -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}
