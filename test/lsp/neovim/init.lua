-- Drives the celery-lint language server from Neovim's own LSP client
-- (Neovim 0.7's API: vim.lsp.start_client, buf_attach_client), headless:
-- open a settings module, wait for diagnostics, apply a quick fix, hover,
-- complete. Everything Neovim received is written as JSON to
-- $CELERY_LINT_NVIM_OUT for the Node test to assert on; nothing is judged here.
local out = {steps = {}}
local server = vim.env.CELERY_LINT_NVIM_SERVER
local root = vim.env.CELERY_LINT_NVIM_ROOT
local file = vim.env.CELERY_LINT_NVIM_FILE
local timeout = 15000

local function finish()
  local f = io.open(vim.env.CELERY_LINT_NVIM_OUT, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('qa!')
end

-- What Neovim shows for the buffer: its diagnostics as the client stored them.
local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, {line = d.lnum, col = d.col, message = d.message, source = d.source, code = d.code or lsp.code})
  end
  return list
end

local function has_code(bufnr, code)
  for _, d in ipairs(diagnostics(bufnr)) do
    if d.code == code then return true end
  end
  return false
end

local function start()
  local shown, requests = {}, {}
  out.shown = shown
  out.message_requests = requests
  return vim.lsp.start_client({
    name = 'celery-lint',
    cmd = {vim.env.CELERY_LINT_NVIM_NODE, server, '--stdio'},
    root_dir = root,
    handlers = {
      ['window/showMessage'] = function(_, result) table.insert(shown, result.message) end,
      -- Stock Neovim turns this request into a prompt that eats keystrokes; recorded here so a regression cannot hang the test.
      ['window/showMessageRequest'] = function(_, result)
        table.insert(requests, result.message)
        return vim.NIL
      end,
    },
  })
end

-- A broken pyproject.toml: what Neovim shows (a message, diagnostics on the file) and whether it was asked anything.
local function config_error()
  local client_id = start()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local pyproject = vim.uri_to_bufnr(vim.uri_from_fname(root .. '/pyproject.toml'))
  out.config_diagnostics_arrived = vim.wait(timeout, function() return #vim.diagnostic.get(pyproject) > 0 end, 20)
  out.config_diagnostics = diagnostics(pyproject)
  -- The pyproject.toml's diagnostics are published before the file's: wait for those too.
  vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  out.diagnostics = diagnostics(bufnr)
  vim.lsp.stop_client(client_id)
  out.stopped = vim.wait(timeout, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end

local function run()
  if vim.env.CELERY_LINT_NVIM_SCENARIO == 'config-error' then return config_error() end
  local client_id = start()
  out.client_started = client_id ~= nil
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  local uri = vim.uri_from_bufnr(bufnr)

  -- 1. diagnostics on open
  out.diagnostics_arrived = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  out.diagnostics = diagnostics(bufnr)
  out.server_name = client.server_capabilities and client.name

  -- 2. the quick fix for the amqp:// result backend, applied as Neovim applies edits
  local amqp
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'celery/no-amqp-result-backend' then amqp = d end
  end
  if amqp then
    local params = {
      textDocument = {uri = uri},
      range = {start = {line = amqp.lnum, character = amqp.col}, ['end'] = {line = amqp.end_lnum, character = amqp.end_col}},
      context = {diagnostics = {amqp.user_data.lsp}},
    }
    local response = client.request_sync('textDocument/codeAction', params, timeout, bufnr)
    out.code_actions = {}
    local chosen
    for _, action in ipairs(response and response.result or {}) do
      table.insert(out.code_actions, action.title)
      if not chosen and action.title:find('^Fix this') then chosen = action end
    end
    if chosen and chosen.edit then
      vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
      out.fix_applied = true
      out.fixed_away = vim.wait(timeout, function() return not has_code(bufnr, 'celery/no-amqp-result-backend') end, 20)
      out.after_fix = diagnostics(bufnr)
    end
  end
  out.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  -- 3. hover on the broker URL's name
  for i, line in ipairs(out.lines) do
    if line:find('^CELERY_BROKER_URL') then
      local response = client.request_sync('textDocument/hover', {textDocument = {uri = uri}, position = {line = i - 1, character = 3}}, timeout, bufnr)
      local result = response and response.result
      out.hover = result and result.contents and (result.contents.value or result.contents)
    end
  end

  -- 4. completion on a new line, typed into the buffer (Neovim sends the didChange)
  local count = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, count, count, false, {'CELERY_TASK_ACKS_'})
  local response = client.request_sync('textDocument/completion', {textDocument = {uri = uri}, position = {line = count, character = 17}}, timeout, bufnr)
  local result = response and response.result
  local items = result and (result.items or result) or {}
  out.completion = {}
  for _, item in ipairs(items) do
    if item.label:find('^CELERY_TASK_ACKS') then
      table.insert(out.completion, {label = item.label, newText = item.textEdit and item.textEdit.newText, range = item.textEdit and item.textEdit.range})
    end
  end
  out.completion_count = #items

  vim.lsp.stop_client(client_id)
  out.stopped = vim.wait(timeout, function() return vim.lsp.client_is_stopped(client_id) end, 20)
end

local ok, err = pcall(run)
if not ok then out.error = tostring(err) end
finish()
