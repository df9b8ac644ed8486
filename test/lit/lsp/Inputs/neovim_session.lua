-- A Neovim session against `wdklock --lsp`, through Neovim's own LSP client (0.7 or later),
-- set up as docs/editors.md tells Neovim 0.7-0.9 users: open a driver file, wait for the server's diagnostics, fix the file in the buffer and
-- save it, wait for the diagnostics to clear, then stop the server. Each step appends lines
-- to $WDKLOCK_NVIM_OUT for FileCheck. Run with:
--   nvim --headless --clean -c 'luafile neovim_session.lua'
-- $WDKLOCK_NVIM_CMD is the server command (space-separated), $WDKLOCK_NVIM_FILE the file,
-- $WDKLOCK_NVIM_FIXED the fixed text of the file.
local out = {}
local function say(line) table.insert(out, line) end
local function finish(status)
  say('status: ' .. status)
  vim.fn.writefile(out, os.getenv('WDKLOCK_NVIM_OUT'))
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local cmd = vim.split(os.getenv('WDKLOCK_NVIM_CMD'), ' ', { trimempty = true })
  local file = os.getenv('WDKLOCK_NVIM_FILE')
  -- The Neovim 0.7-0.9 setup of docs/editors.md, with the server command from the test.
  vim.api.nvim_create_autocmd('FileType', {
    pattern = { 'c', 'cpp' },
    callback = function(args)
      local db = vim.fn.findfile('compile_commands.json', vim.fn.expand('%:p:h') .. ';')
      local root = db ~= '' and vim.fn.fnamemodify(db, ':p:h') or vim.fn.getcwd()
      _G.wdklock_clients = _G.wdklock_clients or {}
      local id = _G.wdklock_clients[root]
      if not id then
        id = vim.lsp.start_client({
          name = 'wdklock', cmd = cmd, root_dir = root,
          on_exit = function(code, signal) say('server exit: code ' .. code .. ', signal ' .. signal) end,
        })
        _G.wdklock_clients[root] = id
      end
      vim.lsp.buf_attach_client(args.buf, id)
      say('attached: root ' .. vim.fn.fnamemodify(root, ':t'))
    end,
  })
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  say('filetype: ' .. vim.bo[buf].filetype)
  local id = next(_G.wdklock_clients or {}) and select(2, next(_G.wdklock_clients))
  assert(id, 'the FileType autocommand started no client')

  local severity = { 'error', 'warning', 'info', 'hint' }
  local function show(label)
    local diags = vim.diagnostic.get(buf)
    table.sort(diags, function(a, b) return a.lnum < b.lnum end)
    say(label .. ': ' .. #diags .. ' diagnostics')
    for _, d in ipairs(diags) do
      say(string.format('  %s %d:%d %s: %s', severity[d.severity], d.lnum + 1, d.col + 1,
                        d.source or '?', d.message))
      -- The path notes, as the float in docs/editors.md shows them (user_data.lsp).
      local lsp = d.user_data and d.user_data.lsp or {}
      for _, r in ipairs(lsp.relatedInformation or {}) do
        say(string.format('    note %d: %s', r.location.range.start.line + 1, r.message))
      end
    end
  end

  -- didOpen: the analysis runs and the finding arrives.
  if not vim.wait(120000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
    say('opened: no diagnostics in 120 s')
  end
  show('opened')
  local client = vim.lsp.get_client_by_id(id)
  say('server: ' .. ((client.server_capabilities or client.resolved_capabilities) and 'initialized' or '?'))

  -- The fix, typed into the buffer and saved (didSave): the finding goes away.
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.fn.readfile(os.getenv('WDKLOCK_NVIM_FIXED')))
  vim.cmd('write')
  if not vim.wait(120000, function() return #vim.diagnostic.get(buf) == 0 end, 50) then
    say('saved: diagnostics did not clear in 120 s')
  end
  show('saved the fix')

  -- Stopping the client sends shutdown and exit; the server process must go away.
  vim.lsp.stop_client(id)
  local stopped = vim.wait(30000, function()
    local c = vim.lsp.get_client_by_id(id)
    return c == nil or c.is_stopped()
  end, 50)
  say('stopped: ' .. tostring(stopped))
  vim.wait(5000, function() return out[#out]:find('^server exit') ~= nil end, 50)
end)
finish(ok and 'ok' or ('error: ' .. tostring(err)))
