; Inno Setup 6 (6.3 or later) script: the Windows installer of kehu-desktop.
;   iscc /DAppVersion=0.1.0 installer\windows\kehu-desktop.iss
; Input: dist\kehu-desktop\ (PyInstaller, installer\kehu-desktop.spec).
; Output: dist\kehu-desktop-setup-<version>.exe. .github\workflows\windows.yml runs both.
; Prepared without a Windows machine: see installer\README.md for what was verified.
;
; What it does:
; - installs per machine into Program Files (administrator rights), Start-menu entry, optional
;   desktop icon, optional `kehu` on the system PATH, an uninstaller;
; - asks where the branch's data lives: ProgramData (a shared PC: every Windows user works on the
;   one database; the default) or each user's AppData. Shared sets the machine-wide environment
;   variable KEHU_DATA_DIR, which the app reads (kehu_desktop.config); per user leaves it unset,
;   and the app uses %LOCALAPPDATA%\kehu\kehu-desktop. The choice is remembered for upgrades,
;   and `/DATA=shared` or `/DATA=user` sets it for a silent install;
; - upgrades in place (same AppId): the program folder is replaced, the data folder is never
;   touched (it is not under {app}); the app migrates the database at its next start, after a
;   backup copy (kehu_desktop.migrations);
; - uninstalls the program and its PATH entry, and keeps the data folder.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z (kehu_desktop.__version__)
#endif
#define Bundle "..\..\dist\kehu-desktop"
#define EnvKey "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"
#define SharedDataDir "{commonappdata}\Kehu\kehu-desktop"
; The Chinese wizard texts (Languages\ChineseSimplified.isl) come with recent Inno Setup releases;
; without them the installer is in English only.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define HaveChinese
#endif

[Setup]
; Never change AppId: it is what makes a new version an upgrade of the installed one.
AppId={{6C3F1B52-8E0A-4D7B-9E55-2B1F0C7A4D19}
AppName=Kehu customer management
AppVersion={#AppVersion}
AppVerName=Kehu customer management {#AppVersion}
AppPublisher=Kehu
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Kehu Desktop
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=kehu-desktop-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\kehu-desktop.ico
UninstallDisplayIcon={app}\kehu-desktop.exe
UninstallDisplayName=Kehu customer management
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; KEHU_DATA_DIR and PATH: tell running programs (Explorer) the environment changed.
ChangesEnvironment=yes
; An upgrade closes a running kehu-desktop (Restart Manager) before replacing its files.
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
#ifdef HaveChinese
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
en.AppMenuName=Kehu customer management
en.DataTitle=Where the data lives
en.DataDescription=The branch's database, backups and log
en.DataText=Choose where kehu-desktop keeps its data. An upgrade or uninstall never deletes it.
en.DataShared=Shared by every user of this PC (ProgramData): one branch, one database (recommended)
en.DataPerUser=Separate for each Windows user (the user's AppData)
en.AddToPath=Add the kehu command to the system PATH
#ifdef HaveChinese
zh.AppMenuName=客户管理
zh.DataTitle=数据位置
zh.DataDescription=分支机构的数据库、备份和日志
zh.DataText=请选择 kehu-desktop 保存数据的位置。升级或卸载都不会删除数据。
zh.DataShared=本机所有用户共用（ProgramData）：一个分支机构一个数据库（推荐）
zh.DataPerUser=每个 Windows 用户各自一份（用户的 AppData）
zh.AddToPath=将 kehu 命令加入系统 PATH
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:AddToPath}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no module of the old version may linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; Every user of the PC may write the shared data; the uninstaller leaves it.
Name: "{#SharedDataDir}"; Permissions: users-modify; Flags: uninsneveruninstall; Check: SharedData

[Icons]
Name: "{autoprograms}\{cm:AppMenuName}"; Filename: "{app}\kehu-desktop.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\{cm:AppMenuName}"; Filename: "{app}\kehu-desktop.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "{#EnvKey}"; ValueType: expandsz; ValueName: "KEHU_DATA_DIR"; ValueData: "{#SharedDataDir}"; Flags: uninsdeletevalue; Check: SharedData
; Per user: no machine-wide data folder (an upgrade from shared to per user removes it).
Root: HKLM; Subkey: "{#EnvKey}"; ValueType: none; ValueName: "KEHU_DATA_DIR"; Flags: deletevalue; Check: not SharedData
Root: HKLM; Subkey: "{#EnvKey}"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotInPath

[Run]
Filename: "{app}\kehu-desktop.exe"; Description: "{cm:LaunchProgram,{cm:AppMenuName}}"; Flags: nowait postinstall skipifsilent runasoriginaluser

[Code]
var
  DataPage: TInputOptionWizardPage;

function SharedData: Boolean;
var
  Choice: String;
begin
  Choice := Lowercase(ExpandConstant('{param:DATA|}'));
  if Choice = 'shared' then
    Result := True
  else if Choice = 'user' then
    Result := False
  else
    Result := DataPage.SelectedValueIndex = 0;
end;

procedure InitializeWizard;
begin
  DataPage := CreateInputOptionPage(wpSelectDir, CustomMessage('DataTitle'),
    CustomMessage('DataDescription'), CustomMessage('DataText'), True, False);
  DataPage.Add(CustomMessage('DataShared'));
  DataPage.Add(CustomMessage('DataPerUser'));
  if GetPreviousData('DataFolder', 'shared') = 'user' then
    DataPage.SelectedValueIndex := 1
  else
    DataPage.SelectedValueIndex := 0;
end;

procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  if SharedData then
    SetPreviousData(PreviousDataKey, 'DataFolder', 'shared')
  else
    SetPreviousData(PreviousDataKey, 'DataFolder', 'user');
end;

function NotInPath: Boolean;
var
  Path, Dir: String;
begin
  Dir := ExpandConstant('{app}');
  if not RegQueryStringValue(HKLM, '{#EnvKey}', 'Path', Path) then
    Result := True
  else
    Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path: String;
begin
  { Take out the PATH entry the addtopath task added (";{app}"), nothing else. }
  if CurUninstallStep = usPostUninstall then
    if RegQueryStringValue(HKLM, '{#EnvKey}', 'Path', Path) then
      if StringChangeEx(Path, ';' + ExpandConstant('{app}'), '', True) > 0 then
        RegWriteExpandStringValue(HKLM, '{#EnvKey}', 'Path', Path);
end;
